"""Terraform's AWS provider against the EC2 networking records: a VPC, a subnet, a security group
with an ingress rule, an internet gateway and a route table apply, plan with no changes, and
destroy. Needs `terraform` on PATH and an offline copy of the provider in a filesystem-mirror
layout (MINECS_TF_PLUGIN_DIR, or /opt/tf-plugins, /usr/share/terraform/plugins,
~/.terraform.d/plugins); skips, saying which is missing, without them."""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import REGION, ServerTestCase

MIRRORS = [os.environ.get("MINECS_TF_PLUGIN_DIR", ""), "/opt/tf-plugins",
           "/usr/share/terraform/plugins", os.path.expanduser("~/.terraform.d/plugins")]


def provider_mirror():
    """(mirror directory, provider version) of an offline hashicorp/aws provider, or None."""
    for mirror in filter(None, MIRRORS):
        found = sorted(glob.glob(os.path.join(
            mirror, "registry.terraform.io/hashicorp/aws/*/linux_amd64/terraform-provider-aws*")))
        if found:
            return mirror, found[-1].split("/")[-3]
    return None


CONFIG = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "%(version)s" }
  }
}
provider "aws" {
  region                      = "%(region)s"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    ec2 = "%(endpoint)s"
    sts = "%(endpoint)s"
  }
}
resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "tf-e2e" }
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "%(region)sa"
}
resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id
}
resource "aws_vpc_security_group_ingress_rule" "http" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "10.0.0.0/8"
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
}
resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.public.id
}
"""


class TerraformVpcTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        if shutil.which("terraform") is None:
            self.skipTest("terraform is not on PATH")
        found = provider_mirror()
        if found is None:
            self.skipTest("no offline hashicorp/aws provider in "
                          + ", ".join(filter(None, MIRRORS)))
        super().setUp()
        self.mirror, self.version = found
        self.work = tempfile.mkdtemp(prefix="minecs-tf-")
        self.addCleanup(shutil.rmtree, self.work, True)
        rc = os.path.join(self.work, "terraformrc")
        with open(rc, "w") as f:
            f.write('provider_installation {\n  filesystem_mirror { path = "%s" }\n'
                    '  direct { exclude = ["*/*"] }\n}\n' % self.mirror)
        with open(os.path.join(self.work, "main.tf"), "w") as f:
            f.write(CONFIG % {"version": self.version, "region": REGION,
                              "endpoint": self.server.endpoint})
        self.env = dict(os.environ, TF_CLI_CONFIG_FILE=rc, TF_IN_AUTOMATION="1",
                        CHECKPOINT_DISABLE="1")

    def tf(self, *args, ok=(0,)):
        r = subprocess.run(["terraform", *args, "-input=false", "-no-color"], cwd=self.work,
                           env=self.env, capture_output=True, text=True, timeout=300)
        self.assertIn(r.returncode, ok, f"terraform {' '.join(args)}:\n{r.stdout}\n{r.stderr}")
        return r

    def test_apply_plan_destroy(self):
        self.tf("init")
        applied = self.tf("apply", "-auto-approve")
        self.assertIn("Resources: 7 added, 0 changed, 0 destroyed.", applied.stdout)
        ec2 = self.server.client("ec2")
        vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["tf-e2e"]}])["Vpcs"]
        self.assertEqual([v["CidrBlock"] for v in vpcs], ["10.20.0.0/16"])
        vpc_id = vpcs[0]["VpcId"]
        tables = ec2.describe_route_tables(
            Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"]
        routes = [r for t in tables for r in t["Routes"]
                  if r.get("GatewayId", "").startswith("igw-")]
        self.assertEqual([r["DestinationCidrBlock"] for r in routes], ["0.0.0.0/0"])

        # -detailed-exitcode: 0 is no changes, 2 is a diff.
        planned = self.tf("plan", "-detailed-exitcode", ok=(0, 2))
        self.assertEqual(planned.returncode, 0, planned.stdout)

        self.tf("destroy", "-auto-approve")
        self.assertEqual(ec2.describe_vpcs(
            Filters=[{"Name": "tag:Name", "Values": ["tf-e2e"]}])["Vpcs"], [])


if __name__ == "__main__":
    unittest.main()
