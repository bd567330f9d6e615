"""Terraform's AWS provider makes the VPC endpoints an ECS stack's VPC module creates: an S3
gateway endpoint in a route table and ECR/Logs interface endpoints in two subnets with a security
group; a second plan has no changes and destroy removes them. Records only: nothing here reaches
Docker. Skips without terraform or its provider (terraform_harness)."""
import unittest

from harness import ServerTestCase
from terraform_harness import TerraformMixin

CONFIG = """
resource "aws_vpc" "main" {
  cidr_block           = "10.30.0.0/16"
  enable_dns_hostnames = true
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "%(region)sa"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.2.0/24"
  availability_zone = "%(region)sb"
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id
}
data "aws_vpc_endpoint_service" "s3" {
  service      = "s3"
  service_type = "Gateway"
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = data.aws_vpc_endpoint_service.s3.service_name
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
  tags              = { Name = "s3" }
}
resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(["ecr.api", "ecr.dkr", "logs"])
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.%(region)s.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.a.id, aws_subnet.b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}
"""


class TerraformVpcEndpointsTest(TerraformMixin, ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")
        self.setUp_terraform(CONFIG)

    def test_endpoints_apply_replan_clean_and_destroy(self):
        self.tf("init")
        self.tf("apply", "-auto-approve")
        endpoints = self.ec2.describe_vpc_endpoints()["VpcEndpoints"]
        self.assertEqual(sorted(e["ServiceName"].rsplit(".", 2)[-1] for e in endpoints
                                if e["VpcEndpointType"] == "Gateway"), ["s3"])
        self.assertEqual(len([e for e in endpoints if e["VpcEndpointType"] == "Interface"]), 3)
        gateway = [e for e in endpoints if e["VpcEndpointType"] == "Gateway"][0]
        tables = self.ec2.describe_route_tables(RouteTableIds=gateway["RouteTableIds"])
        self.assertIn(gateway["VpcEndpointId"],
                      [r["GatewayId"] for r in tables["RouteTables"][0]["Routes"]])
        self.assert_plan_has_no_changes()
        self.tf("destroy", "-auto-approve")
        self.assertEqual(self.ec2.describe_vpc_endpoints()["VpcEndpoints"], [])


if __name__ == "__main__":
    unittest.main()
