"""What survives a restart: every acknowledged write, whether minecs was stopped or killed."""
import subprocess
import unittest

from harness import MINECS_BIN, MinecsServer

ACCOUNT = "000000000000"


def arn(name, region="us-east-1"):
    return f"arn:aws:ecs:{region}:{ACCOUNT}:cluster/{name}"


class RestartTest(unittest.TestCase):
    def setUp(self):
        # A boolean flag alone is a switch: --no-docker means --no-docker=true.
        self.server = MinecsServer("--no-docker").start()
        self.addCleanup(self.server.cleanup)

    def populate(self):
        ecs = self.server.client()
        ecs.create_cluster(clusterName="prod", tags=[{"key": "team", "value": "core"}],
                           settings=[{"name": "containerInsights", "value": "enabled"}],
                           capacityProviders=["FARGATE"],
                           defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE",
                                                             "weight": 1}])
        ecs.create_cluster(clusterName="dev")
        ecs.create_cluster(clusterName="old")
        ecs.delete_cluster(cluster="old")
        ecs.tag_resource(resourceArn=arn("dev"), tags=[{"key": "env", "value": "dev"}])
        ecs.put_account_setting_default(name="containerInsights", value="enhanced")
        ecs.put_account_setting(name="awsvpcTrunking", value="disabled",
                                principalArn=f"arn:aws:iam::{ACCOUNT}:user/alice")
        self.server.client(region="eu-west-1").create_cluster(clusterName="euro")

    def check(self):
        ecs = self.server.client()
        listed = ecs.list_clusters()["clusterArns"]
        self.assertIn(arn("dev"), listed)
        self.assertIn(arn("prod"), listed)
        self.assertNotIn(arn("old"), listed)
        r = ecs.describe_clusters(clusters=["prod", "dev", "old"], include=["TAGS", "SETTINGS"])
        by_name = {c["clusterName"]: c for c in r["clusters"]}
        self.assertEqual(by_name["prod"]["tags"], [{"key": "team", "value": "core"}])
        self.assertEqual(by_name["prod"]["settings"],
                         [{"name": "containerInsights", "value": "enabled"}])
        self.assertEqual(by_name["prod"]["capacityProviders"], ["FARGATE"])
        self.assertEqual(by_name["dev"]["tags"], [{"key": "env", "value": "dev"}])
        self.assertEqual(by_name["old"]["status"], "INACTIVE")
        settings = ecs.list_account_settings(name="containerInsights")["settings"]
        self.assertEqual(settings[0]["value"], "enhanced")
        alice = ecs.list_account_settings(principalArn=f"arn:aws:iam::{ACCOUNT}:user/alice")
        self.assertEqual(alice["settings"][0]["value"], "disabled")
        self.assertEqual(self.server.client(region="eu-west-1").list_clusters()["clusterArns"],
                         [arn("euro", "eu-west-1")])

    def test_sigterm_restart_keeps_everything(self):
        self.populate()
        self.check()
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        self.check()

    def test_kill_9_right_after_acknowledged_writes(self):
        self.populate()
        ecs = self.server.client()
        for i in range(50):
            ecs.create_cluster(clusterName=f"burst{i}")
        ecs.tag_resource(resourceArn=arn("burst49"), tags=[{"key": "last", "value": "write"}])
        self.server.kill()
        self.server.start()
        ecs = self.server.client()
        arns = set(ecs.list_clusters()["clusterArns"])
        self.assertEqual(len(arns), 52)
        self.assertIn(arn("burst49"), arns)
        self.assertEqual(ecs.list_tags_for_resource(resourceArn=arn("burst49"))["tags"],
                         [{"key": "last", "value": "write"}])
        self.check()

    def test_restarts_in_a_row(self):
        ecs = self.server.client()
        for round_ in range(3):
            ecs.create_cluster(clusterName=f"r{round_}")
            if round_ % 2:
                self.server.kill()
            else:
                self.server.stop()
            self.server.start()
            ecs = self.server.client()
            self.assertEqual(len(ecs.list_clusters()["clusterArns"]), round_ + 1)

    def test_reset_survives_restart(self):
        self.populate()
        status, _, _ = self.server.raw(None, b"", path="/_minecs/reset")
        self.assertEqual(status, 200)
        self.server.stop()
        self.server.start()
        self.assertEqual(self.server.client().list_clusters()["clusterArns"], [])


class CommandLineTest(unittest.TestCase):
    def run_minecs(self, *args):
        return subprocess.run([MINECS_BIN, *args], capture_output=True, text=True, timeout=30)

    def test_help(self):
        r = self.run_minecs("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for flag in ["--host", "--port", "--data-dir", "--region", "--account-id", "--log-level",
                     "--docker-host", "--no-docker", "MINECS_PORT", "--help"]:
            self.assertIn(flag, r.stdout)

    def test_bad_flag(self):
        r = self.run_minecs("--bogus")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--bogus", r.stderr)

    def test_bad_value(self):
        for args in [("--port", "seventy"), ("--account-id", "42"), ("--port",)]:
            with self.subTest(args=args):
                r = self.run_minecs(*args)
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)

    def test_port_in_use(self):
        first = MinecsServer("--no-docker=true").start()
        self.addCleanup(first.cleanup)
        second = MinecsServer("--no-docker=true")
        second.port = first.port
        self.addCleanup(second.cleanup)
        with self.assertRaises(RuntimeError):
            second.start(timeout=10)
        self.assertNotEqual(second.proc.wait(10), 0)
        # The first one is unharmed.
        self.assertEqual(first.client().list_clusters()["clusterArns"], [])


if __name__ == "__main__":
    unittest.main()
