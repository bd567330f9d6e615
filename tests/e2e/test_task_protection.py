"""Task scale-in protection: UpdateTaskProtection / GetTaskProtection through boto3 and AWS CLI
v2, and the service scheduler leaving a protected task RUNNING on a real Docker Engine while it
scales in, until the protection is cleared.

Needs Docker and the test image (see docker_env.require_docker). Expiry is covered by the unit
tests with a fake clock: the shortest protection ECS allows is one minute.
"""
import time
import unittest

from harness import wait_for
from test_services import LONG, ServiceTestCase


class TaskProtectionTest(ServiceTestCase):

    def service_with_tasks(self, name, count):
        td = self.register(LONG)
        self.create(name, td, count)
        self.stable(name)
        tasks = self.tasks(name)
        self.assertEqual(len(tasks), count)
        return tasks

    def test_protected_task_survives_scale_in_until_protection_is_cleared(self):
        tasks = self.service_with_tasks("worker", 3)
        kept = tasks[1]["taskArn"]
        before = time.time()
        resp = self.ecs.update_task_protection(cluster=self.cluster, tasks=[kept],
                                               protectionEnabled=True, expiresInMinutes=30)
        self.assertEqual(resp["failures"], [])
        self.assertEqual(len(resp["protectedTasks"]), 1)
        item = resp["protectedTasks"][0]
        self.assertEqual(item["taskArn"], kept)
        self.assertTrue(item["protectionEnabled"])
        expires = item["expirationDate"].timestamp()
        self.assertAlmostEqual(expires, before + 30 * 60, delta=5)

        self.ecs.update_service(cluster=self.cluster, service="worker", desiredCount=0)
        others = {t["taskArn"] for t in tasks} - {kept}
        stopped = wait_for(lambda: others <= {t["taskArn"] for t in self.tasks("worker", "STOPPED")
                                              if t["lastStatus"] == "STOPPED"},
                           message="the unprotected tasks to stop")
        self.assertTrue(stopped)
        for t in self.tasks("worker", "STOPPED"):
            self.assertEqual(t["stopCode"], "ServiceSchedulerInitiated")
        running = self.tasks("worker")
        self.assertEqual([t["taskArn"] for t in running], [kept])
        self.assertEqual(running[0]["lastStatus"], "RUNNING")
        service = self.describe("worker")
        self.assertEqual(service["runningCount"], 1)
        deployment = service["deployments"][0]["id"]
        wait_for(lambda: (f"(service worker, taskSet {deployment}) was unable to scale in due to "
                          "(reason 1 tasks under protection)") in self.messages("worker"),
                 message="the protection event")

        # Still there a while later: the scheduler is not just slow.
        time.sleep(2)
        self.assertEqual([t["taskArn"] for t in self.tasks("worker")], [kept])
        got = self.ecs.get_task_protection(cluster=self.cluster, tasks=[kept])
        self.assertEqual(got["failures"], [])
        self.assertTrue(got["protectedTasks"][0]["protectionEnabled"])
        self.assertEqual(got["protectedTasks"][0]["expirationDate"].timestamp(), expires)

        cleared = self.ecs.update_task_protection(cluster=self.cluster, tasks=[kept],
                                                  protectionEnabled=False)
        self.assertEqual(cleared["protectedTasks"], [{"taskArn": kept, "protectionEnabled": False}])
        wait_for(lambda: not self.tasks("worker"), message="the unprotected task to stop")
        stopped = self.ecs.describe_tasks(cluster=self.cluster, tasks=[kept])["tasks"][0]
        self.assertEqual(stopped["desiredStatus"], "STOPPED")
        self.assertEqual(stopped["stopCode"], "ServiceSchedulerInitiated")
        self.stable("worker")

    def test_cli_and_failures(self):
        tasks = self.service_with_tasks("api", 1)
        arn = tasks[0]["taskArn"]
        task_id = arn.rsplit("/", 1)[1]
        standalone = self.ecs.run_task(cluster=self.cluster, taskDefinition=tasks[0][
            "taskDefinitionArn"], launchType="EC2")["tasks"][0]["taskArn"]
        type(self).seen_tasks.add(standalone)
        missing = arn[:-32] + "0" * 32

        # The AWS CLI, by id; default protection is 120 minutes.
        out = self.server.aws("ecs", "update-task-protection", "--cluster", self.cluster,
                              "--tasks", task_id, "--protection-enabled")
        self.assertEqual(out["protectedTasks"][0]["taskArn"], arn)
        self.assertTrue(out["protectedTasks"][0]["protectionEnabled"])

        resp = self.ecs.get_task_protection(cluster=self.cluster,
                                            tasks=[task_id, standalone, missing, "nope"])
        self.assertEqual(len(resp["protectedTasks"]), 1)
        protected = resp["protectedTasks"][0]
        self.assertAlmostEqual(protected["expirationDate"].timestamp(), time.time() + 7200,
                               delta=10)
        self.assertEqual(resp["failures"], [
            {"arn": standalone, "reason": "TASK_NOT_VALID"},
            {"arn": missing, "reason": "MISSING"},
            {"arn": arn.rsplit("/", 1)[0] + "/nope", "reason": "MISSING"},
        ])
        resp = self.ecs.update_task_protection(cluster=self.cluster, tasks=[standalone],
                                               protectionEnabled=True)
        self.assertEqual(resp["protectedTasks"], [])
        self.assertEqual(resp["failures"], [{"arn": standalone, "reason": "TASK_NOT_VALID"}])

    def test_bad_input_changes_nothing(self):
        tasks = self.service_with_tasks("api", 1)
        arn = tasks[0]["taskArn"]
        for minutes in (0, 2881, -5):
            err = self.assertClientError("InvalidParameterException",
                                         self.ecs.update_task_protection, cluster=self.cluster,
                                         tasks=[arn], protectionEnabled=True,
                                         expiresInMinutes=minutes)
            self.assertEqual(err["Error"]["Message"],
                             "expiresInMinutes must be between 1 and 2880.")
        got = self.ecs.get_task_protection(cluster=self.cluster, tasks=[arn])
        self.assertEqual(got["protectedTasks"], [{"taskArn": arn, "protectionEnabled": False}])

        self.assertClientError("ClusterNotFoundException", self.ecs.update_task_protection,
                               cluster="no-such-cluster", tasks=[arn], protectionEnabled=True)
        self.assertClientError("ClusterNotFoundException", self.ecs.get_task_protection,
                               cluster="no-such-cluster", tasks=[arn])
        self.assertClientError("InvalidParameterException", self.ecs.update_task_protection,
                               cluster=self.cluster, tasks=[], protectionEnabled=True)
        self.assertClientError("InvalidParameterException", self.ecs.update_task_protection,
                               cluster=self.cluster, tasks=[arn] * 11, protectionEnabled=True)
        self.assertClientError("InvalidParameterException", self.ecs.get_task_protection,
                               cluster=self.cluster, tasks=[arn] * 101)
        # protectionEnabled is required by the model.
        status, _, body = self.server.raw(
            "AmazonEC2ContainerServiceV20141113.UpdateTaskProtection",
            ('{"cluster": "%s", "tasks": ["%s"]}' % (self.cluster, arn)).encode())
        self.assertEqual(status, 400)
        self.assertIn("InvalidParameterException", str(body))
        got = self.ecs.get_task_protection(cluster=self.cluster, tasks=[arn])
        self.assertFalse(got["protectedTasks"][0]["protectionEnabled"])


if __name__ == "__main__":
    unittest.main()
