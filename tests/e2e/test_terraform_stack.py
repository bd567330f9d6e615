"""Terraform's AWS provider builds a whole ECS stack on one endpoint: a VPC with two subnets, a
security group with an ingress rule, an internet gateway and a route table associated with a
subnet, an elastic IP and a NAT gateway that the other subnet's route table routes through, the
VPC endpoints a private ECS subnet needs (S3 as a gateway in that route table; ECR and CloudWatch
Logs as interface endpoints in both subnets with a group of their own), a cluster, a Fargate task definition and a service in those subnets. It applies (waiting
for the service's steady state), its tasks really run in the subnets with their interfaces in EC2,
a second plan has no changes, and destroy removes everything. One stack, because each terraform
run costs most of a minute on two cores. Skips without terraform or its provider
(terraform_harness.py)."""
import ipaddress
import unittest

from docker_env import TEST_IMAGE
from task_harness import DockerTaskTestCase
from terraform_harness import TerraformMixin

CONFIG = """
resource "aws_vpc" "app" {
  cidr_block           = "10.21.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "tf-ecs" }
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.21.1.0/24"
  availability_zone = "%(region)sa"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.21.2.0/24"
  availability_zone = "%(region)sb"
}
resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.app.id
}
resource "aws_vpc_security_group_ingress_rule" "http" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "10.21.0.0/16"
  from_port         = 8080
  to_port           = 8080
  ip_protocol       = "tcp"
}
resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.app.id
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.public.id
}
resource "aws_eip" "nat" {
  domain = "vpc"
}
resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.a.id
  depends_on    = [aws_internet_gateway.gw]
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.app.id
}
resource "aws_route" "private_nat" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.nat.id
}
resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.private.id
}
resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.app.id
}
data "aws_vpc_endpoint_service" "s3" {
  service      = "s3"
  service_type = "Gateway"
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.app.id
  service_name      = data.aws_vpc_endpoint_service.s3.service_name
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}
resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(["ecr.api", "ecr.dkr", "logs"])
  vpc_id              = aws_vpc.app.id
  service_name        = "com.amazonaws.%(region)s.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.a.id, aws_subnet.b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}
resource "aws_ecs_cluster" "main" {
  name = "tf-ecs"
}
resource "aws_ecs_task_definition" "web" {
  family                   = "tf-web"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name         = "app"
    image        = "%(image)s"
    essential    = true
    command      = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
  }])
}
resource "aws_ecs_service" "web" {
  name                  = "web"
  cluster               = aws_ecs_cluster.main.id
  task_definition       = aws_ecs_task_definition.web.arn
  desired_count         = 2
  launch_type           = "FARGATE"
  wait_for_steady_state = true
  network_configuration {
    subnets         = [aws_subnet.a.id, aws_subnet.b.id]
    security_groups = [aws_security_group.web.id]
  }
}
"""


class TerraformStackTest(TerraformMixin, DockerTaskTestCase):
    def setUp(self):
        super().setUp()
        self.setUp_terraform(CONFIG, image=TEST_IMAGE)

    def tearDown(self):
        # Whatever a failed destroy left is stopped.
        if self.ecs.describe_clusters(clusters=["tf-ecs"])["clusters"][:1] != []:
            if self.ecs.describe_clusters(clusters=["tf-ecs"])["clusters"][0]["status"] == "ACTIVE":
                self.clusters.append("tf-ecs")
        super().tearDown()

    def test_a_fargate_service_in_its_own_vpc_applies_replans_clean_and_destroys(self):
        self.tf("init")
        applied = self.tf("apply", "-auto-approve")
        self.assertIn("Resources: 21 added, 0 changed, 0 destroyed.", applied.stdout)
        ec2 = self.server.client("ec2")
        vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["tf-ecs"]}])["Vpcs"][0]
        subnets = {s["SubnetId"]: ipaddress.ip_network(s["CidrBlock"]) for s in
                   ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
                   ["Subnets"]}
        tables = ec2.describe_route_tables(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"]
        routes = [r for t in tables for r in t["Routes"]
                  if r.get("GatewayId", "").startswith("igw-")]
        self.assertEqual([r["DestinationCidrBlock"] for r in routes], ["0.0.0.0/0"])
        nats = ec2.describe_nat_gateways(
            Filter=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NatGateways"]
        self.assertEqual([n["State"] for n in nats], ["available"])
        nat_routes = [r for t in tables for r in t["Routes"] if "NatGatewayId" in r]
        self.assertEqual([(r["DestinationCidrBlock"], r["NatGatewayId"]) for r in nat_routes],
                         [("0.0.0.0/0", nats[0]["NatGatewayId"])])
        endpoints = ec2.describe_vpc_endpoints(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["VpcEndpoints"]
        self.assertEqual(sorted((e["VpcEndpointType"], e["ServiceName"].split(".", 3)[-1])
                                for e in endpoints),
                         [("Gateway", "s3"), ("Interface", "ecr.api"), ("Interface", "ecr.dkr"),
                          ("Interface", "logs")])
        gateway = [e for e in endpoints if e["VpcEndpointType"] == "Gateway"][0]
        self.assertIn(gateway["VpcEndpointId"],
                      [r["GatewayId"] for t in tables for r in t["Routes"] if "GatewayId" in r])
        service = self.ecs.describe_services(cluster="tf-ecs", services=["web"])["services"][0]
        self.assertEqual(service["runningCount"], 2)
        arns = self.ecs.list_tasks(cluster="tf-ecs", serviceName="web")["taskArns"]
        self.launched += arns
        tasks = self.ecs.describe_tasks(cluster="tf-ecs", tasks=arns)["tasks"]
        enis = set()
        for t in tasks:
            details = {d["name"]: d["value"] for d in t["attachments"][0]["details"]}
            self.assertIn(ipaddress.ip_address(details["privateIPv4Address"]),
                          subnets[details["subnetId"]])
            enis.add(details["networkInterfaceId"])
        interfaces = ec2.describe_network_interfaces(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["NetworkInterfaces"]
        self.assertEqual({i["NetworkInterfaceId"] for i in interfaces}, enis)

        self.assert_plan_has_no_changes()

        self.tf("destroy", "-auto-approve")
        self.assertEqual(ec2.describe_addresses()["Addresses"], [])
        self.assertEqual(ec2.describe_vpc_endpoints(
            Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["VpcEndpoints"], [])
        self.assertEqual(ec2.describe_vpcs(
            Filters=[{"Name": "tag:Name", "Values": ["tf-ecs"]}])["Vpcs"], [])
        self.assertEqual(self.ecs.describe_clusters(clusters=["tf-ecs"])["clusters"][0]["status"],
                         "INACTIVE")


if __name__ == "__main__":
    unittest.main()
