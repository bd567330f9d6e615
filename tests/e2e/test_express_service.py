"""ECS Express Mode: CreateExpressGatewayService makes a Fargate service with its task definition,
an ip target group and a host-header rule on the VPC's shared application load balancer, and a URL
whose host that rule matches; Describe, Update (scaling, health check path, a new image revision)
and Delete act on all of them, and what a failed or deleted service made is gone again.
"""
import urllib.parse
import urllib.request
import uuid

from docker_env import TEST_IMAGE, DockerServerTestCase
from harness import wait_for
from lb_harness import balancer_address, fetch, vpc_gateways
from test_task_dns import ask

FAST = {"Delay": 1, "MaxAttempts": 120}
SERVE = ["sh", "-c", "mkdir -p /www && echo express > /www/index.html && "
         "exec httpd -f -p 8080 -h /www"]
ROLE = "arn:aws:iam::000000000000:role/"


class ExpressServiceTest(DockerServerTestCase):
    def setUp(self):
        super().setUp()
        self.elb = self.server.client("elbv2")
        self.cluster = "express-" + uuid.uuid4().hex[:8]
        self.ecs.create_cluster(clusterName=self.cluster)

    def tearDown(self):
        self.remember_tasks(self.cluster)

    def create(self, name, **extra):
        return self.ecs.create_express_gateway_service(
            cluster=self.cluster, serviceName=name,
            executionRoleArn=ROLE + "ecsTaskExecutionRole",
            infrastructureRoleArn=ROLE + "ecsInfrastructureRole",
            primaryContainer={"image": TEST_IMAGE, "containerPort": 8080, "command": SERVE},
            cpu="256", memory="512", **extra)["service"]

    def rules_of(self, listener):
        return [r for r in self.elb.describe_rules(ListenerArn=listener)["Rules"]
                if not r["IsDefault"]]

    def test_create_describe_update_delete(self):
        made = self.create("web", scalingTarget={"minTaskCount": 1, "maxTaskCount": 3})
        arn = made["serviceArn"]
        self.assertEqual(made["status"]["statusCode"], "ACTIVE")
        self.assertEqual(made["serviceName"], "web")
        config = made["activeConfigurations"][0]
        self.assertEqual(config["healthCheckPath"], "/")
        self.assertEqual(config["scalingTarget"]["minTaskCount"], 1)
        self.assertEqual(config["scalingTarget"]["autoScalingMetric"], "AVERAGE_CPU")
        endpoint = config["ingressPaths"][0]["endpoint"]
        host = urllib.parse.urlparse(endpoint).hostname
        self.assertRegex(host, r"^web-[0-9a-f]{8}\.ecs\.us-east-1\.on\.aws$")

        # The service underneath, behind the target group the rule for its host forwards to.
        svc = self.ecs.describe_services(cluster=self.cluster, services=[arn])["services"][0]
        self.assertEqual(svc["launchType"], "FARGATE")
        self.assertEqual(svc["desiredCount"], 1)
        group = svc["loadBalancers"][0]["targetGroupArn"]
        self.assertEqual(svc["loadBalancers"][0]["containerPort"], 8080)
        tg = self.elb.describe_target_groups(TargetGroupArns=[group])["TargetGroups"][0]
        self.assertEqual(tg["TargetType"], "ip")
        self.assertEqual(tg["HealthCheckPath"], "/")
        lb = self.elb.describe_load_balancers(LoadBalancerArns=tg["LoadBalancerArns"])[
            "LoadBalancers"][0]
        self.assertTrue(lb["LoadBalancerName"].startswith("ecs-express-"))
        listener = self.elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])[
            "Listeners"][0]
        self.assertEqual(listener["Port"], 80)
        rules = self.rules_of(listener["ListenerArn"])
        self.assertEqual(len(rules), 1)
        self.assertEqual(rules[0]["Conditions"][0]["HostHeaderConfig"]["Values"], [host])
        self.assertEqual(rules[0]["Actions"][0]["TargetGroupArn"], group)
        self.ecs.get_waiter("services_stable").wait(cluster=self.cluster, services=[arn],
                                                    WaiterConfig=FAST)

        # The URL answers: its host resolves (minecs's DNS, as the VPC's tasks ask it) to the
        # shared balancer, whose rule for that host forwards to the service's task.
        address = balancer_address(lb)
        self.assertEqual(balancer_address({"VpcId": lb["VpcId"], "DNSName": host}), address)
        wait_for(lambda: fetch(urllib.request.Request(f"http://{address}/",
                                                      headers={"Host": host})) == (200, "express"),
                 timeout=60, interval=0.5, message="the Express URL answers")
        status, _ = fetch(urllib.request.Request(f"http://{address}/",
                                                 headers={"Host": "nobody.example"}))
        self.assertEqual(status, 404, "the listener's default for unknown hosts")

        described = self.ecs.describe_express_gateway_service(serviceArn=arn, include=["TAGS"])
        self.assertEqual(described["service"]["activeConfigurations"][0]["ingressPaths"][0][
            "endpoint"], endpoint)

        # A second service shares the balancer with a rule of its own.
        other = self.create("api")
        other_group = self.ecs.describe_services(cluster=self.cluster, services=[
            other["serviceArn"]])["services"][0]["loadBalancers"][0]["targetGroupArn"]
        self.assertEqual(self.elb.describe_target_groups(TargetGroupArns=[other_group])[
            "TargetGroups"][0]["LoadBalancerArns"], [lb["LoadBalancerArn"]])
        self.assertEqual(len(self.rules_of(listener["ListenerArn"])), 2)

        updated = self.ecs.update_express_gateway_service(
            serviceArn=arn, healthCheckPath="/index.html", scalingTarget={"minTaskCount": 2})
        target = updated["service"]["targetConfiguration"]
        self.assertEqual(target["healthCheckPath"], "/index.html")
        self.assertEqual(target["scalingTarget"], {"minTaskCount": 2, "maxTaskCount": 3,
                                                   "autoScalingMetric": "AVERAGE_CPU",
                                                   "autoScalingTargetValue": 60})
        self.assertEqual(self.elb.describe_target_groups(TargetGroupArns=[group])[
            "TargetGroups"][0]["HealthCheckPath"], "/index.html")
        svc = self.ecs.describe_services(cluster=self.cluster, services=[arn])["services"][0]
        self.assertEqual(svc["desiredCount"], 2)
        before = svc["taskDefinition"]
        self.ecs.update_express_gateway_service(
            serviceArn=arn, primaryContainer={"image": TEST_IMAGE, "containerPort": 8080,
                                              "command": SERVE,
                                              "environment": [{"name": "V", "value": "2"}]})
        svc = self.ecs.describe_services(cluster=self.cluster, services=[arn])["services"][0]
        self.assertNotEqual(svc["taskDefinition"], before, "a new revision rolls out")

        gone = self.ecs.delete_express_gateway_service(serviceArn=arn)["service"]
        self.assertIn(gone["status"]["statusCode"], ("DRAINING", "INACTIVE"))
        self.assertEqual(gone["activeConfigurations"], [])
        with self.assertRaises(self.elb.exceptions.TargetGroupNotFoundException):
            self.elb.describe_target_groups(TargetGroupArns=[group])
        self.assertEqual(len(self.rules_of(listener["ListenerArn"])), 1, "the other one stays")
        gateway = vpc_gateways(lb["VpcId"])[0]

        def unresolved():
            try:
                return ask((gateway, 53), host)[1] == []
            except OSError:  # asked upstream, which this machine may not reach
                return True
        wait_for(unresolved, timeout=30, interval=0.5,
                 message="the deleted service's URL no longer resolves")
        with self.assertRaises(self.ecs.exceptions.ServiceNotActiveException):
            self.ecs.delete_express_gateway_service(serviceArn=arn)

        # The last service of the VPC takes the shared balancer with it.
        self.ecs.delete_express_gateway_service(serviceArn=other["serviceArn"])
        with self.assertRaises(self.elb.exceptions.LoadBalancerNotFoundException):
            self.elb.describe_load_balancers(LoadBalancerArns=[lb["LoadBalancerArn"]])

    def test_bad_input_changes_nothing(self):
        balancers = len(self.elb.describe_load_balancers()["LoadBalancers"])
        with self.assertRaises(self.ecs.exceptions.ClusterNotFoundException):
            self.ecs.create_express_gateway_service(
                cluster="no-such-cluster", executionRoleArn=ROLE + "x",
                infrastructureRoleArn=ROLE + "y", primaryContainer={"image": TEST_IMAGE})
        with self.assertRaises(self.ecs.exceptions.InvalidParameterException):
            self.create("bad", healthCheckPath="no-slash")
        # A service name already taken: the ingress made for it is removed again.
        self.create("taken")
        groups = len(self.elb.describe_target_groups()["TargetGroups"])
        with self.assertRaises(self.ecs.exceptions.InvalidParameterException):
            self.create("taken")
        self.assertEqual(len(self.elb.describe_target_groups()["TargetGroups"]), groups)
        self.assertEqual(len(self.elb.describe_load_balancers()["LoadBalancers"]), balancers + 1)
        with self.assertRaises(self.ecs.exceptions.InvalidParameterException):
            self.ecs.describe_express_gateway_service(serviceArn="not-an-arn")
        plain = self.ecs.register_task_definition(
            family="plain", containerDefinitions=[{"name": "c", "image": TEST_IMAGE,
                                                   "memory": 32}])["taskDefinition"]
        svc = self.ecs.create_service(cluster=self.cluster, serviceName="plain",
                                      taskDefinition=plain["taskDefinitionArn"],
                                      desiredCount=0)["service"]
        with self.assertRaises(self.ecs.exceptions.InvalidParameterException):
            self.ecs.describe_express_gateway_service(serviceArn=svc["serviceArn"])


if __name__ == "__main__":
    import unittest
    unittest.main()
