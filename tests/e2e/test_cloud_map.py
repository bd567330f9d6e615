"""Cloud Map (servicediscovery) through boto3, and ECS's use of it: the API and its errors (no
Docker needed), then a 2-task service registered in a private DNS namespace whose name another
task resolves, following a scale to 3, and what DiscoverInstances says of the tasks; the same
service's Service Connect client alias, on a port that is not the container's, reaches its tasks
in turn from another task through minecs's proxy.

Real containers on the local Docker Engine (see docker_env.require_docker); the lookups run
busybox's nslookup inside a task with docker exec.
"""
import re
import time
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from docker_env import docker
from harness import REGION, wait_for
from task_harness import AWSVPC, LONG, DockerTaskTestCase, container


def code(err):
    return err.exception.response["Error"]["Code"]


class CloudMapTest(DockerTaskTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # DiscoverInstances is sent to data-<host>, which a local endpoint is not: the SDK is told
        # not to prefix the host, as a user of minecs must.
        cls.sd = boto3.client("servicediscovery", endpoint_url=cls.server.endpoint,
                              region_name=REGION, aws_access_key_id="test",
                              aws_secret_access_key="test",
                              config=Config(retries={"max_attempts": 1}, inject_host_prefix=False))

    def succeeded(self, operation_id):
        """The operation's target ids once it reports SUCCESS (it passes SUBMITTED and PENDING)."""
        seen = set()

        def done():
            op = self.sd.get_operation(OperationId=operation_id)["Operation"]
            seen.add(op["Status"])
            return op if op["Status"] in ("SUCCESS", "FAIL") else None

        op = wait_for(done, timeout=5, interval=0.05, message="operation done")
        self.assertEqual(op["Status"], "SUCCESS", op)
        self.assertTrue(seen & {"SUBMITTED", "PENDING"}, seen)
        return op["Targets"]

    def private_namespace(self, name):
        vpc = self.server.client("ec2").describe_vpcs(
            Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        op = self.sd.create_private_dns_namespace(Name=name, Vpc=vpc)["OperationId"]
        return self.succeeded(op)["NAMESPACE"]

    def test_api_and_bad_input(self):
        ns = self.succeeded(self.sd.create_http_namespace(Name="apps")["OperationId"])["NAMESPACE"]
        self.assertRegex(ns, r"^ns-[a-z0-9]{16}$")
        with self.assertRaises(ClientError) as err:
            self.sd.create_http_namespace(Name="apps")
        self.assertEqual(code(err), "NamespaceAlreadyExists")
        with self.assertRaises(ClientError) as err:
            self.sd.create_public_dns_namespace(Name="not a domain")
        self.assertEqual(code(err), "InvalidInput")  # the model's pattern
        with self.assertRaises(ClientError) as err:
            self.sd.get_operation(OperationId="nope")
        self.assertEqual(code(err), "OperationNotFound")

        srv = self.sd.create_service(Name="api", NamespaceId=ns, HealthCheckCustomConfig={},
                                     Tags=[{"Key": "team", "Value": "a"}])["Service"]
        self.assertEqual(srv["Type"], "HTTP")
        with self.assertRaises(ClientError) as err:
            self.sd.create_service(Name="api", NamespaceId=ns)
        self.assertEqual(code(err), "ServiceAlreadyExists")
        with self.assertRaises(ClientError) as err:
            self.sd.create_service(Name="x", NamespaceId="ns-aaaaaaaaaaaaaaaa")
        self.assertEqual(code(err), "NamespaceNotFound")
        self.assertEqual(self.sd.list_tags_for_resource(ResourceARN=srv["Arn"])["Tags"],
                         [{"Key": "team", "Value": "a"}])

        self.succeeded(self.sd.register_instance(
            ServiceId=srv["Id"], InstanceId="one",
            Attributes={"color": "blue", "AWS_INIT_HEALTH_STATUS": "UNHEALTHY"})["OperationId"])
        self.sd.register_instance(ServiceId=srv["Id"], InstanceId="two",
                                  Attributes={"color": "red"})
        found = self.sd.discover_instances(NamespaceName="apps", ServiceName="api")
        self.assertEqual([i["InstanceId"] for i in found["Instances"]], ["two"])
        revision = found["InstancesRevision"]
        self.sd.update_instance_custom_health_status(ServiceId=srv["Id"], InstanceId="one",
                                                     Status="HEALTHY")
        found = self.sd.discover_instances(NamespaceName="apps", ServiceName="api",
                                           QueryParameters={"color": "blue"})
        self.assertEqual([i["InstanceId"] for i in found["Instances"]], ["one"])
        self.assertGreater(found["InstancesRevision"], revision)
        self.assertEqual(self.sd.get_instances_health_status(ServiceId=srv["Id"])["Status"],
                         {"one": "HEALTHY", "two": "HEALTHY"})
        with self.assertRaises(ClientError) as err:
            self.sd.delete_service(Id=srv["Id"])
        self.assertEqual(code(err), "ResourceInUse")
        with self.assertRaises(ClientError) as err:
            self.sd.deregister_instance(ServiceId=srv["Id"], InstanceId="three")
        self.assertEqual(code(err), "InstanceNotFound")
        with self.assertRaises(ClientError) as err:
            self.sd.discover_instances(NamespaceName="apps", ServiceName="nope")
        self.assertEqual(code(err), "ServiceNotFound")
        ops = self.sd.list_operations(Filters=[{"Name": "SERVICE_ID", "Values": [srv["Id"]]}])
        self.assertEqual(len(ops["Operations"]), 2)

        # ECS checks the registry it is given.
        cluster = self.new_cluster()
        family = self.register("cm-bad", [{"name": "app", "command": LONG,
                                           "portMappings": [{"containerPort": 80}]}],
                               fargate=True)
        def create(registry):
            with self.assertRaises(ClientError) as err:
                self.ecs.create_service(cluster=cluster, serviceName="bad", taskDefinition=family,
                                        launchType="FARGATE", networkConfiguration=AWSVPC,
                                        serviceRegistries=[registry])
            self.assertEqual(code(err), "InvalidParameterException")
            return err.exception.response["Error"]["Message"]
        self.assertIn("format of the supplied service registry ARN is invalid",
                      create({"registryArn": srv["Arn"].replace(":service/", ":namespace/")}))
        self.assertIn("does not exist", create({"registryArn": srv["Arn"][:-1] + "q"}))
        self.assertIn("not required", create({"registryArn": srv["Arn"], "port": 80}))
        self.assertIn("but not both", create({"registryArn": srv["Arn"], "port": 80,
                                              "containerName": "app", "containerPort": 80}))

    def nslookup(self, container_id, name):
        out = docker("exec", container_id, "nslookup", name, check=False)
        return sorted(set(re.findall(r"Address:\s*(\d+\.\d+\.\d+\.\d+)", out.split(name, 1)[-1])))

    def served_by_alias(self, client_id, count):
        """Which tasks answered `count` requests to the client alias from the client task."""
        # (this busybox wget crashes with -T or on a bare "/".)
        return {docker("exec", client_id, "wget", "-q", "-O", "-",
                       "http://web-sc/index.html").strip() for _ in range(count)}

    def task_ips(self, cluster, service):
        arns = self.ecs.list_tasks(cluster=cluster, serviceName=service,
                                   desiredStatus="RUNNING")["taskArns"]
        if not arns:
            return []
        tasks = self.ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"]
        if any(t["lastStatus"] != "RUNNING" for t in tasks):
            return []
        return sorted(container(t, "app")["networkInterfaces"][0]["privateIpv4Address"]
                      for t in tasks)

    def test_a_service_registered_in_a_private_namespace_resolves_in_tasks(self):
        domain = "cm-" + uuid.uuid4().hex[:6] + ".local"
        ns = self.private_namespace(domain)
        srv = self.sd.create_service(
            Name="web", NamespaceId=ns, HealthCheckCustomConfig={},
            DnsConfig={"RoutingPolicy": "MULTIVALUE",
                       "DnsRecords": [{"Type": "A", "TTL": 10}, {"Type": "SRV", "TTL": 10}]},
        )["Service"]
        sc_ns = self.succeeded(self.sd.create_http_namespace(Name="sc-" + domain)["OperationId"])
        sc_arn = self.sd.get_namespace(Id=sc_ns["NAMESPACE"])["Namespace"]["Arn"]
        cluster = self.new_cluster()
        family = self.register("cm-web", [{
            # Each task answers with its own metadata URI: which task served is seen.
            "name": "app", "command": ["sh", "-c", "echo $ECS_CONTAINER_METADATA_URI_V4 > "
                                       "/tmp/index.html; trap 'exit 0' TERM; "
                                       "httpd -f -p 8080 -h /tmp & wait"],
            "portMappings": [{"containerPort": 8080, "name": "http"}]}], fargate=True)
        client = self.run_one(cluster, family, launchType="FARGATE", networkConfiguration=AWSVPC)
        connect = {"enabled": True, "namespace": sc_arn,
                   "services": [{"portName": "http",
                                 "clientAliases": [{"dnsName": "web-sc", "port": 80}]}]}
        self.ecs.create_service(cluster=cluster, serviceName="web", taskDefinition=family,
                                desiredCount=2, launchType="FARGATE", networkConfiguration=AWSVPC,
                                serviceRegistries=[{"registryArn": srv["Arn"],
                                                    "containerName": "app",
                                                    "containerPort": 8080}],
                                serviceConnectConfiguration=connect)
        described = self.ecs.describe_services(cluster=cluster, services=["web"])["services"][0]
        self.assertEqual(described["serviceRegistries"][0]["registryArn"], srv["Arn"])
        deployment = described["deployments"][0]
        self.assertEqual(deployment["serviceConnectConfiguration"], connect)
        resources = deployment["serviceConnectResources"]
        self.assertEqual([r["discoveryName"] for r in resources], ["http"])
        self.assertRegex(resources[0]["discoveryArn"], r":service/srv-[a-z0-9]{16}$")
        client_id = container(self.wait_container(
            cluster, client["taskArn"], "app", lambda c: c["lastStatus"] == "RUNNING"),
            "app")["runtimeId"]

        name = f"web.{domain}"
        ips = wait_for(lambda: (lambda x: x if len(x) == 2 else None)(
            self.task_ips(cluster, "web")), timeout=60, message="2 RUNNING tasks")
        wait_for(lambda: self.nslookup(client_id, name) == ips, timeout=10,
                 message=f"{name} resolving to {ips}")

        # Service Connect: the client alias names the proxy's own address, whose port 80 reaches
        # the tasks' port 8080, each connection to the next task.
        proxy = wait_for(lambda: (lambda x: x if len(x) == 1 else None)(
            self.nslookup(client_id, "web-sc")), timeout=10, message="web-sc resolving")
        self.assertNotIn(proxy[0], ips)
        self.assertEqual(len(self.served_by_alias(client_id, 2)), 2)

        found = self.sd.discover_instances(NamespaceName=domain, ServiceName="web")["Instances"]
        self.assertEqual(sorted(i["Attributes"]["AWS_INSTANCE_IPV4"] for i in found), ips)
        attributes = found[0]["Attributes"]
        self.assertEqual(attributes["AWS_INSTANCE_PORT"], "8080")
        self.assertEqual(attributes["ECS_SERVICE_NAME"], "web")
        self.assertEqual(attributes["ECS_CLUSTER_NAME"], cluster)
        self.assertEqual(attributes["ECS_TASK_DEFINITION_FAMILY"], "cm-web")
        self.assertEqual(attributes["AWS_INIT_HEALTH_STATUS"], "HEALTHY")
        self.assertIn("AVAILABILITY_ZONE", attributes)
        self.assertRegex(found[0]["InstanceId"], r"^[0-9a-f]{32}$")

        # Scale to 3: the new task's address joins the answer as it becomes RUNNING.
        self.ecs.update_service(cluster=cluster, service="web", desiredCount=3)
        ips = wait_for(lambda: (lambda x: x if len(x) == 3 else None)(
            self.task_ips(cluster, "web")), timeout=60, message="3 RUNNING tasks")
        started = time.monotonic()
        wait_for(lambda: self.nslookup(client_id, name) == ips, timeout=10, interval=0.05,
                 message=f"{name} resolving to {ips}")
        print(f"\nthird task RUNNING (as DescribeTasks saw it) -> resolves in another task: "
              f"{time.monotonic() - started:.2f} s")
        wait_for(lambda: len(self.served_by_alias(client_id, 3)) == 3, timeout=5, interval=0.1,
                 message="the alias reaching the third task")

        # A stopped task leaves the answer; the service's removal leaves none behind.
        self.ecs.update_service(cluster=cluster, service="web", desiredCount=0)
        wait_for(lambda: not self.sd.list_instances(ServiceId=srv["Id"])["Instances"],
                 timeout=30, message="instances deregistered")
        self.ecs.delete_service(cluster=cluster, service="web", force=True)
        self.sd.delete_service(Id=srv["Id"])


if __name__ == "__main__":
    unittest.main()
