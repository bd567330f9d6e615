"""Tasks that really run, from RunTask to STOPPED: the README's seed workflow through boto3 and
AWS CLI v2, essential and non-essential containers, StopTask with SIGTERM and SIGKILL, the
cluster's task counts, and tasks that outlive a minecs restart.

The containers run on the local Docker Engine with the test image (minecs-test/busybox) that
scripts/make-test-image.sh imports: see docker_env.require_docker for when the classes are skipped
and when a missing Docker is a failure (MINECS_REQUIRE_DOCKER=1). Container start order, health,
overrides and networking are in test_task_containers; what needs no Docker is in test_task_api.

Every test asserts what ECS itself reports (lastStatus, stopCode, exit codes, timestamps), and
where ECS cannot show it (survival across restarts), what Docker reports about the containers
minecs created, found through their runtimeId and com.amazonaws.ecs.task-arn label.
"""
import ipaddress
import time
import unittest

from docker_env import containers_of_task, inspect
from harness import REGION
from task_harness import AWSVPC, ECR_IMAGE, EXECUTION_ROLE, LONG, DockerTaskTestCase, container


FAST_WAITER = {"Delay": 1, "MaxAttempts": 90}


class SeedWorkflowTest(DockerTaskTestCase):
    """The README's first example: a Fargate task from an ECR image, run to its end."""

    def register_seed(self, command):
        return self.ecs.register_task_definition(
            family="seed", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
            memory="512", executionRoleArn=EXECUTION_ROLE,
            containerDefinitions=[{
                "name": "app", "image": ECR_IMAGE, "essential": True, "command": command,
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/seed", "awslogs-region": REGION,
                    "awslogs-stream-prefix": "seed", "awslogs-create-group": "true"}},
            }])["taskDefinition"]

    def check_running(self, t):
        self.assertEqual(t["lastStatus"], "RUNNING")
        self.assertEqual(t["desiredStatus"], "RUNNING")
        self.assertEqual(t["launchType"], "FARGATE")
        self.assertIn("startedAt", t)
        eni = [a for a in t["attachments"] if a["type"] == "ElasticNetworkInterface"]
        self.assertEqual(len(eni), 1, t["attachments"])
        self.assertEqual(eni[0]["status"], "ATTACHED")
        details = {d["name"]: d["value"] for d in eni[0]["details"]}
        self.assertEqual(details.get("subnetId"), "subnet-0a1b2c3d")
        ip = ipaddress.ip_address(details["privateIPv4Address"])
        c = container(t, "app")
        self.assertEqual(c["lastStatus"], "RUNNING")
        self.assertEqual(c["image"], ECR_IMAGE)
        self.assertTrue(c.get("runtimeId"), c)
        self.assertEqual([n.get("privateIpv4Address") for n in c["networkInterfaces"]], [str(ip)])
        info = inspect(c["runtimeId"])
        self.assertIsNotNone(info, "runtimeId is not a Docker container")
        self.assertEqual(info["Config"]["Labels"].get("com.amazonaws.ecs.task-arn"), t["taskArn"])
        return c

    def check_stopped(self, t, first_version):
        self.assertEqual(t["lastStatus"], "STOPPED")
        self.assertEqual(t["desiredStatus"], "STOPPED")
        self.assertEqual(t["stopCode"], "EssentialContainerExited")
        self.assertEqual(t["stoppedReason"], "Essential container in task exited")
        c = container(t, "app")
        self.assertEqual(c["lastStatus"], "STOPPED")
        self.assertEqual(c["exitCode"], 3)
        self.assertGreater(t["version"], first_version)
        for key in ("createdAt", "pullStartedAt", "pullStoppedAt", "startedAt", "stoppingAt",
                    "executionStoppedAt", "stoppedAt"):
            self.assertIn(key, t)
        self.assertLessEqual(t["createdAt"], t["pullStartedAt"])
        self.assertLessEqual(t["pullStartedAt"], t["pullStoppedAt"])
        self.assertLessEqual(t["pullStoppedAt"], t["startedAt"])
        self.assertLessEqual(t["createdAt"], t["startedAt"])
        self.assertLessEqual(t["startedAt"], t["stoppingAt"])
        self.assertLessEqual(t["stoppingAt"], t["stoppedAt"])
        self.assertLessEqual(t["startedAt"], t["executionStoppedAt"])
        self.assertLessEqual(t["executionStoppedAt"], t["stoppedAt"])
        # The container ran about 3 s.
        self.assertGreaterEqual((t["executionStoppedAt"] - t["startedAt"]).total_seconds(), 2)

    def test_seed_workflow_boto3(self):
        cluster = self.new_cluster()
        td = self.register_seed(["sh", "-c", "sleep 3; exit 3"])
        self.assertEqual(td["executionRoleArn"], EXECUTION_ROLE)
        task = self.run_one(cluster, "seed", launchType="FARGATE", networkConfiguration=AWSVPC)
        arn = task["taskArn"]
        self.assertEqual(task["lastStatus"], "PROVISIONING")
        self.assertEqual(task["desiredStatus"], "RUNNING")
        self.assertEqual(task["taskDefinitionArn"], td["taskDefinitionArn"])
        first_version = task["version"]

        self.ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[arn],
                                                  WaiterConfig=FAST_WAITER)
        self.check_running(self.describe(cluster, arn))

        self.ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[arn],
                                                  WaiterConfig=FAST_WAITER)
        t = self.describe(cluster, arn)
        self.check_stopped(t, first_version)
        eni = [a for a in t["attachments"] if a["type"] == "ElasticNetworkInterface"][0]
        self.assertEqual(eni["status"], "DELETED")
        # ListTasks moves it from the running to the stopped list.
        self.assertNotIn(arn, self.ecs.list_tasks(cluster=cluster)["taskArns"])
        self.assertIn(arn, self.ecs.list_tasks(cluster=cluster,
                                               desiredStatus="STOPPED")["taskArns"])

    def test_seed_workflow_aws_cli(self):
        cluster = self.new_cluster()
        # The CLI's waiters poll every 6 s: the container must outlive the first few polls.
        self.register_seed(["sh", "-c", "sleep 10; exit 3"])
        out = self.server.aws(
            "ecs", "run-task", "--cluster", cluster, "--task-definition", "seed",
            "--launch-type", "FARGATE", "--network-configuration",
            "awsvpcConfiguration={subnets=[subnet-0a1b2c3d],securityGroups=[sg-0a1b2c3d],"
            "assignPublicIp=ENABLED}")
        self.assertEqual(out["failures"], [])
        arn = out["tasks"][0]["taskArn"]
        self.launched.append(arn)
        first_version = out["tasks"][0]["version"]
        self.server.aws("ecs", "wait", "tasks-running", "--cluster", cluster, "--tasks", arn)
        described = self.server.aws("ecs", "describe-tasks", "--cluster", cluster, "--tasks", arn)
        # The CLI prints timestamps as text; check the running shape through boto3 as well.
        self.assertEqual(described["tasks"][0]["lastStatus"], "RUNNING")
        self.check_running(self.describe(cluster, arn))
        self.server.aws("ecs", "wait", "tasks-stopped", "--cluster", cluster, "--tasks", arn)
        described = self.server.aws("ecs", "describe-tasks", "--cluster", cluster, "--tasks", arn)
        t = described["tasks"][0]
        self.assertEqual(t["lastStatus"], "STOPPED")
        self.assertEqual(t["stopCode"], "EssentialContainerExited")
        self.assertEqual(t["containers"][0]["exitCode"], 3)
        self.check_stopped(self.describe(cluster, arn), first_version)


class EssentialContainersTest(DockerTaskTestCase):

    def test_non_essential_exit_keeps_the_task_running(self):
        cluster = self.new_cluster()
        self.register("nonessential", [
            {"name": "main", "command": LONG},
            {"name": "side", "essential": False, "command": ["sh", "-c", "sleep 1; exit 2"]},
        ])
        arn = self.run_one(cluster, "nonessential")["taskArn"]
        t = self.wait_container(cluster, arn, "side", lambda c: c["lastStatus"] == "STOPPED",
                                message="side STOPPED")
        self.assertEqual(container(t, "side")["exitCode"], 2)
        time.sleep(1.5)
        t = self.describe(cluster, arn)
        self.assertEqual(t["lastStatus"], "RUNNING")
        self.assertEqual(t["desiredStatus"], "RUNNING")
        self.assertEqual(container(t, "main")["lastStatus"], "RUNNING")
        self.assertNotIn("exitCode", container(t, "main"))
        self.assertTrue(inspect(container(t, "main")["runtimeId"])["State"]["Running"])

    def test_essential_exit_stops_the_other_containers(self):
        cluster = self.new_cluster()
        self.register("essential", [
            {"name": "main", "command": ["sh", "-c", "sleep 2; exit 5"]},
            # sleep as PID 1 ignores SIGTERM: only the SIGKILL after stopTimeout ends it.
            {"name": "side", "essential": False, "command": ["sleep", "600"], "stopTimeout": 2},
        ])
        arn = self.run_one(cluster, "essential")["taskArn"]
        self.wait_status(cluster, arn, "RUNNING")
        t = self.wait_status(cluster, arn, "STOPPED", timeout=40)
        self.assertEqual(t["stopCode"], "EssentialContainerExited")
        self.assertEqual(t["stoppedReason"], "Essential container in task exited")
        self.assertEqual(container(t, "main")["exitCode"], 5)
        side = container(t, "side")
        self.assertEqual(side["lastStatus"], "STOPPED")
        self.assertEqual(side["exitCode"], 137)
        self.assertFalse(inspect(side["runtimeId"])["State"]["Running"])


class StopTaskTest(DockerTaskTestCase):

    def stop_and_wait(self, cluster, arn, reason):
        started = time.monotonic()
        resp = self.ecs.stop_task(cluster=cluster, task=arn, reason=reason)["task"]
        self.assertEqual(resp["taskArn"], arn)
        self.assertEqual(resp["desiredStatus"], "STOPPED")
        t = self.wait_status(cluster, arn, "STOPPED", timeout=40)
        return t, time.monotonic() - started

    def test_stop_with_init_process_ends_on_sigterm(self):
        cluster = self.new_cluster()
        # A stopTimeout far beyond the test's bound: only SIGTERM, forwarded by the init
        # process to sleep, can end the task in time.
        self.register("stop-init", [{"name": "app", "command": ["sleep", "600"], "stopTimeout": 60,
                                     "linuxParameters": {"initProcessEnabled": True}}])
        arn = self.run_one(cluster, "stop-init")["taskArn"]
        self.wait_status(cluster, arn, "RUNNING")
        t, elapsed = self.stop_and_wait(cluster, arn, "stopped by the test")
        self.assertLess(elapsed, 20)
        self.assertEqual(t["desiredStatus"], "STOPPED")
        self.assertEqual(t["stopCode"], "UserInitiated")
        self.assertEqual(t["stoppedReason"], "stopped by the test")
        self.assertEqual(container(t, "app")["exitCode"], 143)
        self.assertLessEqual(t["stoppingAt"], t["stoppedAt"])

    def test_stop_kills_after_stop_timeout(self):
        cluster = self.new_cluster()
        self.register("stop-kill", [{"name": "app", "command": ["sleep", "600"],
                                     "stopTimeout": 2}])
        arn = self.run_one(cluster, "stop-kill")["taskArn"]
        self.wait_status(cluster, arn, "RUNNING")
        t, elapsed = self.stop_and_wait(cluster, arn, "no handler for SIGTERM")
        self.assertGreaterEqual(elapsed, 1.5)  # it waited for stopTimeout
        self.assertLess(elapsed, 20)
        self.assertEqual(t["stopCode"], "UserInitiated")
        self.assertEqual(t["stoppedReason"], "no handler for SIGTERM")
        self.assertEqual(container(t, "app")["exitCode"], 137)

    def test_stop_with_trap_exits_zero(self):
        cluster = self.new_cluster()
        self.register("stop-trap", [{"name": "app", "command": LONG, "stopTimeout": 30}])
        arn = self.run_one(cluster, "stop-trap")["taskArn"]
        self.wait_status(cluster, arn, "RUNNING")
        t, elapsed = self.stop_and_wait(cluster, arn, "trap")
        self.assertLess(elapsed, 20)
        self.assertEqual(t["stopCode"], "UserInitiated")
        self.assertEqual(container(t, "app")["exitCode"], 0)


class ClusterCountsTest(DockerTaskTestCase):

    def test_running_counts_and_delete_cluster(self):
        cluster = self.new_cluster()
        self.register("counted", [{"name": "app", "command": LONG}])
        arns = [t["taskArn"] for t in self.run_task(cluster, "counted", count=2)]
        self.assertEqual(len(arns), 2)
        for arn in arns:
            self.wait_status(cluster, arn, "RUNNING")
        c = self.ecs.describe_clusters(clusters=[cluster])["clusters"][0]
        self.assertEqual((c["runningTasksCount"], c["pendingTasksCount"]), (2, 0))
        self.assertClientError("ClusterContainsTasksException", self.ecs.delete_cluster,
                               cluster=cluster)
        for arn in arns:
            self.ecs.stop_task(cluster=cluster, task=arn)
        for arn in arns:
            self.wait_status(cluster, arn, "STOPPED", timeout=30)
        c = self.ecs.describe_clusters(clusters=[cluster])["clusters"][0]
        self.assertEqual((c["runningTasksCount"], c["pendingTasksCount"]), (0, 0))
        # The EC2 tasks ran on the cluster's one container instance.
        instances = self.ecs.list_container_instances(cluster=cluster)["containerInstanceArns"]
        self.assertEqual(len(instances), 1)
        self.assertEqual(self.describe(cluster, arns[0])["containerInstanceArn"], instances[0])
        for arn in arns:  # checked before the cluster goes away
            self.assertEqual(containers_of_task(arn, running_only=True), [])
        # Leave the class cleanup what it needs, but skip tearDown's waits on a deleted cluster.
        type(self).seen_tasks.update(self.launched)
        self.launched = []
        self.clusters.remove(cluster)
        self.assertEqual(self.ecs.delete_cluster(cluster=cluster)["cluster"]["status"],
                         "INACTIVE")


class RestartTest(DockerTaskTestCase):
    """minecs stopped or killed while its tasks run: they keep running and are adopted again."""

    def restart_keeps_the_task(self, stop):
        cluster = self.new_cluster()
        self.register("survivor", [{"name": "app", "command": LONG}])
        self.register("short", [{"name": "app", "command": ["sh", "-c", "sleep 3; exit 4"]}])
        arn = self.run_one(cluster, "survivor")["taskArn"]
        t = self.wait_status(cluster, arn, "RUNNING")
        runtime_id = container(t, "app")["runtimeId"]
        started_at = inspect(runtime_id)["State"]["StartedAt"]
        short = self.run_one(cluster, "short")["taskArn"]
        self.wait_status(cluster, short, "RUNNING")

        stop()
        # While minecs is down the task's container runs on, and the short one exits.
        self.assertTrue(inspect(runtime_id)["State"]["Running"])
        time.sleep(4)
        self.server.start()

        t = self.describe(cluster, arn)
        self.assertEqual(t["lastStatus"], "RUNNING")
        self.assertEqual(container(t, "app")["runtimeId"], runtime_id)
        ids = containers_of_task(arn)
        self.assertEqual(len(ids), 1, ids)
        self.assertTrue(ids[0].startswith(runtime_id) or runtime_id.startswith(ids[0]))
        info = inspect(runtime_id)
        self.assertTrue(info["State"]["Running"])
        self.assertEqual(info["State"]["StartedAt"], started_at)  # not restarted
        self.assertEqual(len(containers_of_task(short)), 1)

        # The exit that happened while minecs was down is noticed.
        s = self.wait_status(cluster, short, "STOPPED", timeout=40)
        self.assertEqual(s["stopCode"], "EssentialContainerExited")
        self.assertEqual(container(s, "app")["exitCode"], 4)
        # And the adopted task still obeys StopTask.
        self.ecs.stop_task(cluster=cluster, task=arn, reason="after restart")
        t = self.wait_status(cluster, arn, "STOPPED", timeout=30)
        self.assertEqual(t["stoppedReason"], "after restart")
        self.assertEqual(container(t, "app")["exitCode"], 0)

    def test_restart_after_sigterm(self):
        self.restart_keeps_the_task(lambda: self.assertEqual(self.server.stop(), 0))

    def test_restart_after_sigkill(self):
        self.restart_keeps_the_task(self.server.kill)


if __name__ == "__main__":
    unittest.main()
