"""awsvpc tasks live in their VPC (issue 10, part 3): a task's address comes from its subnet's CIDR,
its ENI is an EC2 network interface while the task runs, tasks of any cluster in one VPC reach each
other, RunTask and CreateService check the subnets and security groups they name, and unknown ids
are adopted into the default VPC unless --strict-networking says otherwise."""
import ipaddress
import random
import subprocess
import time
import unittest

from docker_env import containers_of_task, labels_of
from harness import REGION, ServerTestCase, wait_for
from task_harness import LONG, DockerTaskTestCase

# httpd answers "hello" on 8080 in the serving tasks; wget from another task checks the way.
SERVE = ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www && echo hello > /www/index.html && "
         "httpd -f -p 8080 -h /www & wait"]


def reaches(container, address):
    """Whether `container` gets "hello" from address:8080 (busybox's nc: its wget -T crashes)."""
    request = f"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {address} 8080"
    probe = subprocess.run(["docker", "exec", container, "sh", "-c", request],
                           capture_output=True, text=True, timeout=30)
    return probe.returncode == 0 and probe.stdout.rstrip().endswith("hello")


def iptables_rules():
    return subprocess.run(["iptables", "-w", "-S"], capture_output=True, text=True,
                          check=True).stdout


def app_container(task_arn):
    app = [c for c in containers_of_task(task_arn, running_only=True)
           if labels_of(c).get("com.amazonaws.ecs.container-name") == "app"]
    assert len(app) == 1, app
    return app[0]


def vpc_block():
    """A /16 of 10.0.0.0/8 outside minecs's own pool (10.224.0.0/12): tests running side by side
    must not ask for the same range."""
    return ipaddress.ip_network(f"10.{random.randrange(32, 200)}.0.0/16")


class VpcTaskTest(DockerTaskTestCase):
    # The sweep that removes a deleted VPC's network runs every resync.
    server_args = ("--resync-seconds", "2")

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")
        self.block = vpc_block()
        self.vpc = self.ec2.create_vpc(CidrBlock=str(self.block))["Vpc"]["VpcId"]
        subnets = list(self.block.subnets(new_prefix=24))
        self.subnet_blocks = subnets[1:3]
        self.subnets = [self.ec2.create_subnet(VpcId=self.vpc, CidrBlock=str(b))["Subnet"]["SubnetId"]
                        for b in self.subnet_blocks]
        self.group = self.ec2.create_security_group(GroupName="web", Description="web",
                                                    VpcId=self.vpc)["GroupId"]
        self.td = self.register("vpc-web", [{"name": "app", "command": SERVE}], fargate=True)

    def network(self, subnet):
        return {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [self.group]}}

    def eni(self, task):
        details = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}
        return details

    def test_address_from_the_subnet_and_an_interface_while_the_task_runs(self):
        cluster = self.new_cluster()
        arn = self.run_one(cluster, self.td, launchType="FARGATE",
                           networkConfiguration=self.network(self.subnets[0]))["taskArn"]
        task = self.wait_status(cluster, arn, "RUNNING")
        eni = self.eni(task)
        address = ipaddress.ip_address(eni["privateIPv4Address"])
        self.assertIn(address, self.subnet_blocks[0])
        # AWS keeps the first four addresses of a subnet.
        self.assertGreaterEqual(int(address) - int(self.subnet_blocks[0].network_address), 4)
        self.assertEqual(eni["subnetId"], self.subnets[0])

        found = self.ec2.describe_network_interfaces(
            NetworkInterfaceIds=[eni["networkInterfaceId"]])["NetworkInterfaces"]
        self.assertEqual(len(found), 1)
        ni = found[0]
        self.assertEqual(ni["SubnetId"], self.subnets[0])
        self.assertEqual(ni["VpcId"], self.vpc)
        self.assertEqual(ni["PrivateIpAddress"], str(address))
        self.assertEqual(ni["MacAddress"], eni["macAddress"])
        self.assertEqual(ni["Groups"], [{"GroupId": self.group, "GroupName": "web"}])
        self.assertEqual(ni["InterfaceType"], "interface")
        self.assertEqual(ni["Status"], "in-use")
        self.assertEqual(ni["Attachment"]["Status"], "attached")
        self.assertLess(abs(ni["Attachment"]["AttachTime"].timestamp() - time.time()), 300)
        self.assertTrue(ni["Description"].startswith(f"arn:aws:ecs:{REGION}:"))
        self.assertTrue(ni["Description"].endswith(task["attachments"][0]["id"]))
        # AWS CLI v2, with a filter, sees the same interface.
        listed = self.server.aws("ec2", "describe-network-interfaces", "--filters",
                                 f"Name=vpc-id,Values={self.vpc}")
        self.assertEqual([n["NetworkInterfaceId"] for n in listed["NetworkInterfaces"]],
                         [eni["networkInterfaceId"]])
        # The interface holds its subnet and group.
        self.assertClientError("DependencyViolation", self.ec2.delete_subnet,
                               SubnetId=self.subnets[0])
        self.assertClientError("DependencyViolation", self.ec2.delete_security_group,
                               GroupId=self.group)

        self.ecs.stop_task(cluster=cluster, task=arn)
        self.wait_status(cluster, arn, "STOPPED")
        self.assertClientError("InvalidNetworkInterfaceID.NotFound",
                               self.ec2.describe_network_interfaces,
                               NetworkInterfaceIds=[eni["networkInterfaceId"]])
        self.ec2.delete_subnet(SubnetId=self.subnets[0])

    def test_a_deleted_vpc_takes_its_network_along(self):
        cluster = self.new_cluster()
        arn = self.run_one(cluster, self.td, launchType="FARGATE",
                           networkConfiguration=self.network(self.subnets[0]))["taskArn"]
        self.wait_status(cluster, arn, "RUNNING")

        def networks():
            out = subprocess.run(["docker", "network", "ls", "-q", "--filter",
                                  f"label=minecs.vpc={self.vpc}"], capture_output=True, text=True,
                                 check=True).stdout
            return out.split()

        self.assertEqual(len(networks()), 1)
        self.assertClientError("DependencyViolation", self.ec2.delete_vpc, VpcId=self.vpc)
        self.ecs.stop_task(cluster=cluster, task=arn)
        self.wait_status(cluster, arn, "STOPPED")
        for subnet in self.subnets:
            self.ec2.delete_subnet(SubnetId=subnet)
        self.ec2.delete_security_group(GroupId=self.group)
        self.ec2.delete_vpc(VpcId=self.vpc)
        wait_for(lambda: networks() == [], timeout=20, interval=0.5,
                 message=f"the network of {self.vpc} removed")

    def test_tasks_of_two_clusters_in_one_vpc_reach_each_other(self):
        first, second = self.new_cluster(), self.new_cluster()
        server = self.run_one(first, self.td, launchType="FARGATE",
                              networkConfiguration=self.network(self.subnets[0]))["taskArn"]
        client_td = self.register("vpc-client", [{"name": "app", "command": LONG}], fargate=True)
        client = self.run_one(second, client_td, launchType="FARGATE",
                              networkConfiguration=self.network(self.subnets[1]))["taskArn"]
        address = self.eni(self.wait_status(first, server, "RUNNING"))["privateIPv4Address"]
        client_address = self.eni(self.wait_status(second, client, "RUNNING"))["privateIPv4Address"]
        self.assertIn(ipaddress.ip_address(client_address), self.subnet_blocks[1])
        app = [app_container(client)]
        # httpd may need a moment after RUNNING to listen.
        wait_for(lambda: reaches(app[0], address), timeout=20, interval=0.5,
                 message=f"a connection from {client_address} to {address}:8080")

    def test_subnets_of_two_vpcs_and_a_group_of_another_vpc_are_refused(self):
        cluster = self.new_cluster()
        other = self.ec2.create_vpc(CidrBlock=str(vpc_block()))["Vpc"]["VpcId"]
        other_block = list(ipaddress.ip_network(
            self.ec2.describe_vpcs(VpcIds=[other])["Vpcs"][0]["CidrBlock"]).subnets(new_prefix=24))
        other_subnet = self.ec2.create_subnet(VpcId=other, CidrBlock=str(other_block[0]))
        other_subnet = other_subnet["Subnet"]["SubnetId"]
        both = {"awsvpcConfiguration": {"subnets": [self.subnets[0], other_subnet]}}
        self.assertClientError("InvalidParameterException", self.ecs.run_task, cluster=cluster,
                               taskDefinition=self.td, launchType="FARGATE",
                               networkConfiguration=both)
        crossed = {"awsvpcConfiguration": {"subnets": [other_subnet],
                                           "securityGroups": [self.group]}}
        err = self.assertClientError("InvalidParameterException", self.ecs.create_service,
                                     cluster=cluster, serviceName="crossed",
                                     taskDefinition=self.td, desiredCount=1,
                                     launchType="FARGATE", networkConfiguration=crossed)
        self.assertIn(self.group, err["Error"]["Message"])
        self.assertEqual(self.ecs.list_tasks(cluster=cluster)["taskArns"], [])
        self.assertEqual(self.ecs.list_services(cluster=cluster)["serviceArns"], [])

    def test_unknown_ids_join_the_default_vpc_with_a_tag_that_says_so(self):
        cluster = self.new_cluster()
        made_up = {"awsvpcConfiguration": {"subnets": ["subnet-aaaa"],
                                           "securityGroups": ["sg-cccccccc"]}}
        arn = self.run_one(cluster, self.td, launchType="FARGATE",
                           networkConfiguration=made_up)["taskArn"]
        default_vpc = self.ec2.describe_vpcs(
            Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
        subnet = self.ec2.describe_subnets(SubnetIds=["subnet-aaaa"])["Subnets"][0]
        self.assertEqual(subnet["VpcId"], default_vpc["VpcId"])
        self.assertIn("minecs:adopted", {t["Key"] for t in subnet["Tags"]})
        group = self.ec2.describe_security_groups(GroupIds=["sg-cccccccc"])["SecurityGroups"][0]
        self.assertEqual(group["VpcId"], default_vpc["VpcId"])
        task = self.wait_status(cluster, arn, "RUNNING")
        # In the subnet; or, when another server on this host holds 172.31.0.0/16 already, at the
        # same offset of the block of minecs's pool that the default VPC's network took instead.
        address = int(ipaddress.ip_address(self.eni(task)["privateIPv4Address"]))
        block = ipaddress.ip_network(subnet["CidrBlock"])
        offset = (address & 0xFFFF) - (int(block.network_address) & 0xFFFF)
        self.assertTrue(4 <= offset < block.num_addresses - 1, self.eni(task))


class EnforcedSecurityGroupsTest(DockerTaskTestCase):
    server_args = ("--enforce-security-groups",)

    def test_an_ingress_rule_opens_and_its_revocation_closes_a_port_between_tasks(self):
        self.assertNotIn("MINECS-SG-", iptables_rules())
        ec2 = self.server.client("ec2")
        block = vpc_block()
        vpc = ec2.create_vpc(CidrBlock=str(block))["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=str(list(block.subnets(new_prefix=24))[1]))
        subnet = subnet["Subnet"]["SubnetId"]
        server_group = ec2.create_security_group(GroupName="server", Description="server",
                                                 VpcId=vpc)["GroupId"]
        client_group = ec2.create_security_group(GroupName="client", Description="client",
                                                 VpcId=vpc)["GroupId"]
        cluster = self.new_cluster()
        serve = self.register("sg-server", [{"name": "app", "command": SERVE}], fargate=True)
        wait = self.register("sg-client", [{"name": "app", "command": LONG}], fargate=True)

        def network(group):
            return {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}}

        server = self.run_one(cluster, serve, launchType="FARGATE",
                              networkConfiguration=network(server_group))["taskArn"]
        client = self.run_one(cluster, wait, launchType="FARGATE",
                              networkConfiguration=network(client_group))["taskArn"]
        details = self.wait_status(cluster, server, "RUNNING")["attachments"][0]["details"]
        address = {d["name"]: d["value"] for d in details}["privateIPv4Address"]
        self.wait_status(cluster, client, "RUNNING")
        app = app_container(client)
        # The server's group lets nothing in: AWS drops the connection.
        self.assertFalse(reaches(app, address))
        permission = [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080,
                       "UserIdGroupPairs": [{"GroupId": client_group}]}]
        ec2.authorize_security_group_ingress(GroupId=server_group, IpPermissions=permission)
        wait_for(lambda: reaches(app, address), timeout=20, interval=0.5,
                 message="the port opened by the ingress rule")
        ec2.revoke_security_group_ingress(GroupId=server_group, IpPermissions=permission)
        wait_for(lambda: not reaches(app, address), timeout=20, interval=0.5,
                 message="the port closed by the revocation")
        # A CIDR rule for another port does not open 8080.
        ec2.authorize_security_group_ingress(GroupId=server_group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 9090, "ToPort": 9090,
             "IpRanges": [{"CidrIp": str(block)}]}])
        self.assertFalse(reaches(app, address))
        # With no task left to guard, the instance's chain and its jumps are gone.
        for arn in (server, client):
            self.ecs.stop_task(cluster=cluster, task=arn)
            self.wait_status(cluster, arn, "STOPPED")
        wait_for(lambda: "MINECS-SG-" not in iptables_rules(), timeout=20, interval=0.5,
                 message="the security group chain removed")


class StrictNetworkingTest(ServerTestCase):
    server_args = ("--no-docker=true", "--strict-networking=true")

    def test_unknown_subnets_and_groups_get_ecs_errors_and_change_nothing(self):
        ec2 = self.server.client("ec2")
        self.ecs.create_cluster(clusterName="strict")
        td = self.ecs.register_task_definition(
            family="strict", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
            memory="512", containerDefinitions=[{"name": "app", "image": "demo", "command": LONG}])
        td = td["taskDefinition"]["taskDefinitionArn"]
        err = self.assertClientError(
            "InvalidParameterException", self.ecs.run_task, cluster="strict", taskDefinition=td,
            launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-aaaa"]}})
        self.assertEqual(err["Error"]["Message"],
                         "Error retrieving subnet information for [subnet-aaaa]: The subnet ID "
                         "'subnet-aaaa' does not exist (ErrorCode: InvalidSubnetID.NotFound)")
        subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
        err = self.assertClientError(
            "InvalidParameterException", self.ecs.create_service, cluster="strict",
            serviceName="s", taskDefinition=td, desiredCount=1, launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet],
                                                          "securityGroups": ["sg-cccccccc"]}})
        self.assertIn("InvalidGroup.NotFound", err["Error"]["Message"])
        self.assertEqual(self.ecs.list_tasks(cluster="strict")["taskArns"], [])
        self.assertEqual(self.ecs.list_services(cluster="strict")["serviceArns"], [])
        subnets = ec2.describe_subnets(Filters=[{"Name": "tag-key", "Values": ["minecs:adopted"]}])
        self.assertEqual(subnets["Subnets"], [])
        # A subnet that exists is fine.
        self.ecs.run_task(cluster="strict", taskDefinition=td, launchType="FARGATE",
                          networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet]}})


if __name__ == "__main__":
    unittest.main()
