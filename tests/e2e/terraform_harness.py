"""What the Terraform e2e modules share: finding `terraform` and an offline copy of the AWS
provider (a filesystem-mirror layout: MINECS_TF_PLUGIN_DIR, or /opt/tf-plugins,
/usr/share/terraform/plugins, ~/.terraform.d/plugins), skipping with a clear message without
them, and running terraform in a scratch directory against the test's server. Not a test module."""
import glob
import os
import shutil
import subprocess
import tempfile

from harness import REGION

MIRRORS = [os.environ.get("MINECS_TF_PLUGIN_DIR", ""), "/opt/tf-plugins",
           "/usr/share/terraform/plugins", os.path.expanduser("~/.terraform.d/plugins")]

PROVIDER = """
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
  skip_metadata_api_check     = true
  endpoints {
    applicationautoscaling = "%(endpoint)s"
    ec2 = "%(endpoint)s"
    ecr = "%(endpoint)s"
    ecs = "%(endpoint)s"
    elbv2 = "%(endpoint)s"
    iam = "%(endpoint)s"
    secretsmanager = "%(endpoint)s"
    ssm = "%(endpoint)s"
    servicediscovery = "%(endpoint)s"
    sts = "%(endpoint)s"
  }
}
"""


def provider_mirror():
    """(mirror directory, provider version) of an offline hashicorp/aws provider, or None."""
    for mirror in filter(None, MIRRORS):
        found = sorted(glob.glob(os.path.join(
            mirror, "registry.terraform.io/hashicorp/aws/*/linux_amd64/terraform-provider-aws*")))
        if found:
            return mirror, found[-1].split("/")[-3]
    return None


class TerraformMixin:
    """setUp_terraform(config, **values) writes the provider block and `config` (resources, with
    %(name)s placeholders for `values`, the region and the endpoint) into a scratch directory, or
    skips the test; tf() runs terraform there."""

    def setUp_terraform(self, config, **values):
        if shutil.which("terraform") is None:
            self.skipTest("terraform is not on PATH")
        found = provider_mirror()
        if found is None:
            self.skipTest("no offline hashicorp/aws provider in "
                          + ", ".join(filter(None, MIRRORS)))
        self.mirror, self.version = found
        self.work = tempfile.mkdtemp(prefix="minecs-tf-")
        self.addCleanup(shutil.rmtree, self.work, True)
        rc = os.path.join(self.work, "terraformrc")
        with open(rc, "w") as f:
            f.write('provider_installation {\n  filesystem_mirror { path = "%s" }\n'
                    '  direct { exclude = ["*/*"] }\n}\n' % self.mirror)
        values.update(version=self.version, region=REGION, endpoint=self.server.endpoint)
        with open(os.path.join(self.work, "main.tf"), "w") as f:
            f.write(PROVIDER % values + config % values)
        self.env = dict(os.environ, TF_CLI_CONFIG_FILE=rc, TF_IN_AUTOMATION="1",
                        CHECKPOINT_DISABLE="1")

    def tf(self, *args, ok=(0,)):
        r = subprocess.run(["terraform", *args, "-input=false", "-no-color"], cwd=self.work,
                           env=self.env, capture_output=True, text=True, timeout=300)
        self.assertIn(r.returncode, ok, f"terraform {' '.join(args)}:\n{r.stdout}\n{r.stderr}")
        return r

    def assert_plan_has_no_changes(self):
        # -detailed-exitcode: 0 is no changes, 2 is a diff.
        planned = self.tf("plan", "-detailed-exitcode", ok=(0, 2))
        self.assertEqual(planned.returncode, 0, planned.stdout)
