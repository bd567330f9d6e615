"""Secrets and environment files: `secrets`, `environmentFiles` (and their container override),
resolved from minecs's SSM Parameter Store and Secrets Manager, then from the seed --secrets-file,
and from the local stand-in --s3-dir (S3), the way ECS resolves them when a task starts.

A busybox task prints the variables it got; `docker logs` of its container shows what arrived.
What cannot be resolved stops the task with TaskFailedToStart and ECS's ResourceInitializationError
wording, before any container exists. Secret values never appear in DescribeTasks or minecs's log.
"""
import json
import os
import shutil
import tempfile
import unittest

from docker_env import containers_of_task, docker
from harness import ACCOUNT, REGION
from task_harness import EXECUTION_ROLE, DockerTaskTestCase

SM_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/db-AbCdEf"
SSM_ARN_PREFIX = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter"
SECRETS = {
    "/prod/db/password": "pw-Hierarchical-7f3a",
    "db_user": "user-Flat-91bc",
    SM_ARN: {"username": "admin-Json-22d0", "password": "pw-Json-c4e1"},
}
SECRET_VALUES = ["pw-Hierarchical-7f3a", "user-Flat-91bc", "admin-Json-22d0", "pw-Json-c4e1"]
SSM_PREFIX = ("ResourceInitializationError: unable to pull secrets or registry auth: execution "
              "resource retrieval failed: unable to retrieve secrets from ssm: service call has "
              "been retried 1 time(s): invalid parameters: ")
ASM_PREFIX = ("ResourceInitializationError: unable to pull secrets or registry auth: execution "
              "resource retrieval failed: unable to retrieve secret from asm: service call has "
              "been retried 1 time(s): ")


def printing(*names):
    """A command that prints NAME=<value> for each variable, one per line."""
    return ["sh", "-c", "; ".join(f'echo "{n}=${n}"' for n in names)]


class SecretsTest(DockerTaskTestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="minecs-secrets-e2e-")
        cls.secrets_path = os.path.join(cls.tmp, "secrets.json")
        cls.s3_dir = os.path.join(cls.tmp, "s3")
        cls.write_object("cfg/app/first.env",
                         "# defaults\n\nFROM_FILE=first\nSHARED=first\nOVERRIDDEN=file\n")
        cls.write_object("cfg/app/second.env", "SHARED=second\nSECOND_ONLY=yes\n")
        cls.write_object("cfg/app/override.env", "FROM_FILE=override\n")
        cls.write_secrets(SECRETS)
        cls.server_args = ("--secrets-file", cls.secrets_path, "--s3-dir", cls.s3_dir)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.write_secrets(SECRETS)

    @classmethod
    def write_object(cls, key, text):
        path = os.path.join(cls.s3_dir, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    @classmethod
    def write_secrets(cls, secrets):
        with open(cls.secrets_path, "w") as f:
            f.write(secrets if isinstance(secrets, str) else json.dumps(secrets))

    def register_app(self, command, **container):
        return self.register("sec-" + self._testMethodName.replace("_", "-")[:40],
                             [{"name": "app", "command": command, **container}],
                             executionRoleArn=EXECUTION_ROLE)

    def output_of(self, cluster, arn):
        """The task's stopped description and what its container printed, as a dict."""
        task = self.wait_status(cluster, arn, "STOPPED")
        runtime_id = task["containers"][0].get("runtimeId")
        self.assertTrue(runtime_id, task)
        printed = {}
        for line in docker("logs", runtime_id).splitlines():
            name, _, value = line.partition("=")
            printed[name] = value
        return task, printed

    def assertNoSecretValues(self, cluster, arn):
        described = json.dumps(self.ecs.describe_tasks(cluster=cluster, tasks=[arn],
                                                       include=["TAGS"]), default=str)
        listed = json.dumps(self.ecs.list_tasks(cluster=cluster), default=str)
        log = "".join(self.server.log_lines)
        for value in SECRET_VALUES:
            self.assertNotIn(value, described)
            self.assertNotIn(value, listed)
            self.assertNotIn(value, log)

    def test_secrets_and_environment_files_reach_the_container(self):
        cluster = self.new_cluster()
        td = self.register_app(
            printing("PW", "USER_BY_ARN", "SM_USER", "SM_WHOLE", "FROM_FILE", "SHARED",
                     "SECOND_ONLY", "OVERRIDDEN"),
            secrets=[
                {"name": "PW", "valueFrom": "/prod/db/password"},
                {"name": "USER_BY_ARN", "valueFrom": f"{SSM_ARN_PREFIX}/db_user"},
                {"name": "SM_USER", "valueFrom": f"{SM_ARN}:username::"},
                {"name": "SM_WHOLE", "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:"
                                                  "secret:prod/db"},
            ],
            environment=[{"name": "OVERRIDDEN", "value": "environment"}],
            environmentFiles=[{"type": "s3", "value": "arn:aws:s3:::cfg/app/first.env"},
                              {"type": "s3", "value": "arn:aws:s3:::cfg/app/second.env"}])
        arn = self.run_one(cluster, td)["taskArn"]
        task, printed = self.output_of(cluster, arn)
        self.assertEqual(task["stopCode"], "EssentialContainerExited", task.get("stoppedReason"))
        self.assertEqual(task["containers"][0]["exitCode"], 0)
        self.assertEqual(printed["PW"], "pw-Hierarchical-7f3a")
        self.assertEqual(printed["USER_BY_ARN"], "user-Flat-91bc")
        self.assertEqual(printed["SM_USER"], "admin-Json-22d0")
        self.assertEqual(json.loads(printed["SM_WHOLE"]), SECRETS[SM_ARN])
        self.assertEqual(printed["FROM_FILE"], "first")
        self.assertEqual(printed["SHARED"], "first")  # the first file wins
        self.assertEqual(printed["SECOND_ONLY"], "yes")
        self.assertEqual(printed["OVERRIDDEN"], "environment")  # `environment` wins over files
        self.assertNoSecretValues(cluster, arn)

    def test_override_environment_files_replace_the_definitions(self):
        cluster = self.new_cluster()
        td = self.register_app(
            printing("FROM_FILE", "SHARED"),
            environmentFiles=[{"type": "s3", "value": "arn:aws:s3:::cfg/app/first.env"}])
        arn = self.run_one(cluster, td, overrides={"containerOverrides": [{
            "name": "app",
            "environmentFiles": [{"type": "s3", "value": "arn:aws:s3:::cfg/app/override.env"}],
        }]})["taskArn"]
        task, printed = self.output_of(cluster, arn)
        self.assertEqual(task["stopCode"], "EssentialContainerExited", task.get("stoppedReason"))
        self.assertEqual(printed["FROM_FILE"], "override")
        self.assertEqual(printed["SHARED"], "")

    def test_edits_of_the_secrets_file_apply_to_the_next_task(self):
        cluster = self.new_cluster()
        td = self.register_app(printing("PW"),
                               secrets=[{"name": "PW", "valueFrom": "/prod/db/password"}])
        self.write_secrets({**SECRETS, "/prod/db/password": "rotated-5e6f"})
        _, printed = self.output_of(cluster, self.run_one(cluster, td)["taskArn"])
        self.assertEqual(printed["PW"], "rotated-5e6f")

    def test_parameters_and_secrets_of_the_stores_win_and_rotations_reach_the_next_task(self):
        ssm = self.server.client("ssm")
        sm = self.server.client("secretsmanager")
        # The store's value wins over the secrets file's for the same name.
        ssm.put_parameter(Name="/prod/db/password", Value="pw-Store-0a1b", Type="SecureString")
        secret = sm.create_secret(Name="app/api", SecretString='{"token":"tok-One-9c8d"}')
        cluster = self.new_cluster()
        td = self.register_app(
            printing("PW", "TOKEN", "USER"),
            secrets=[{"name": "PW", "valueFrom": f"{SSM_ARN_PREFIX}/prod/db/password"},
                     {"name": "TOKEN", "valueFrom": f"{secret['ARN']}:token::"},
                     {"name": "USER", "valueFrom": "db_user"}])
        task, printed = self.output_of(cluster, self.run_one(cluster, td)["taskArn"])
        self.assertEqual(task["stopCode"], "EssentialContainerExited", task.get("stoppedReason"))
        self.assertEqual((printed["PW"], printed["TOKEN"], printed["USER"]),
                         ("pw-Store-0a1b", "tok-One-9c8d", "user-Flat-91bc"))
        sm.put_secret_value(SecretId="app/api", SecretString='{"token":"tok-Two-7e6f"}')
        _, printed = self.output_of(cluster, self.run_one(cluster, td)["taskArn"])
        self.assertEqual(printed["TOKEN"], "tok-Two-7e6f")
        # A secret scheduled for deletion fails the next task with Secrets Manager's words.
        sm.delete_secret(SecretId="app/api", RecoveryWindowInDays=7)
        self.assertFailsToStart(
            cluster, self.run_one(cluster, td)["taskArn"],
            ASM_PREFIX + f"failed to fetch secret {secret['ARN']}:token:: from secrets manager: "
            "InvalidRequestException: You can't perform this operation on the secret because it "
            "was marked for deletion.")

    def assertFailsToStart(self, cluster, arn, reason):
        task = self.wait_status(cluster, arn, "STOPPED")
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertEqual(task["stoppedReason"], reason)
        self.assertEqual(containers_of_task(arn), [])
        self.assertNotIn("pullStartedAt", task)
        return task

    def test_unknown_parameter_fails_the_task(self):
        cluster = self.new_cluster()
        td = self.register_app(printing("PW"),
                               secrets=[{"name": "PW", "valueFrom": "/prod/db/nothing"}])
        arn = self.run_one(cluster, td)["taskArn"]
        self.assertFailsToStart(cluster, arn, SSM_PREFIX + "/prod/db/nothing")
        self.assertNoSecretValues(cluster, arn)

    def test_unknown_secret_and_missing_json_key_fail_the_task(self):
        cluster = self.new_cluster()
        missing = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/none-AbCdEf"
        td = self.register_app(printing("X"), secrets=[{"name": "X", "valueFrom": missing}])
        self.assertFailsToStart(
            cluster, self.run_one(cluster, td)["taskArn"],
            ASM_PREFIX + f"failed to fetch secret {missing} from secrets manager: "
            "ResourceNotFoundException: Secrets Manager can't find the specified secret.")
        td = self.register_app(printing("X"),
                               secrets=[{"name": "X", "valueFrom": f"{SM_ARN}:apikey::"}])
        self.assertFailsToStart(
            cluster, self.run_one(cluster, td)["taskArn"],
            ASM_PREFIX + "retrieved secret from Secrets Manager did not contain json key apikey")

    def test_missing_environment_file_fails_the_task(self):
        cluster = self.new_cluster()
        td = self.register_app(
            printing("X"),
            environmentFiles=[{"type": "s3", "value": "arn:aws:s3:::cfg/app/absent.env"}])
        self.assertFailsToStart(
            cluster, self.run_one(cluster, td)["taskArn"],
            "ResourceInitializationError: failed to download env files: "
            "arn:aws:s3:::cfg/app/absent.env: NoSuchKey: The specified key does not exist. "
            f"(minecs looked for {self.s3_dir}/cfg/app/absent.env)")

    def test_malformed_secrets_file_is_a_reason_not_a_crash(self):
        cluster = self.new_cluster()
        self.write_secrets('{"/prod/db/password": "pw-Hierarchical-7f3a",')
        td = self.register_app(printing("PW"),
                               secrets=[{"name": "PW", "valueFrom": "/prod/db/password"}])
        task = self.wait_status(cluster, self.run_one(cluster, td)["taskArn"], "STOPPED")
        self.assertEqual(task["stopCode"], "TaskFailedToStart")
        self.assertTrue(task["stoppedReason"].startswith(
            "ResourceInitializationError: unable to pull secrets or registry auth: execution "
            f"resource retrieval failed: minecs cannot read its secrets file {self.secrets_path}: "
            "not valid JSON"), task["stoppedReason"])
        self.assertNotIn("pw-Hierarchical-7f3a", task["stoppedReason"])
        self.assertIsNone(self.server.proc.poll())

    def test_container_secrets_need_an_execution_role(self):
        response = self.assertClientError(
            "ClientException", self.ecs.register_task_definition, family="sec-no-role",
            containerDefinitions=[{"name": "app", "image": "busybox", "memory": 64,
                                   "secrets": [{"name": "PW", "valueFrom": "/prod/db/password"}]}])
        self.assertEqual(response["Error"]["Message"],
                         "When you are specifying container secrets, you must also specify a "
                         "value for 'executionRoleArn'.")


if __name__ == "__main__":
    unittest.main()
