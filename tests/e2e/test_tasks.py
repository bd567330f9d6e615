"""Tasks: RunTask/StartTask/StopTask/DescribeTasks/ListTasks, through boto3 and AWS CLI v2.

TaskApiTest needs no Docker (minecs runs with --no-docker: tasks are accepted and stay pending);
every other class runs real containers on the local Docker Engine, with the test image
(minecs-test/busybox) that scripts/make-test-image.sh imports: see docker_env.require_docker for
when they are skipped and when a missing Docker is a failure (MINECS_REQUIRE_DOCKER=1).

Every test asserts what ECS itself reports (lastStatus, stopCode, exit codes, health, bindings),
and where ECS cannot show it (start order, survival across restarts), what Docker reports about the
containers minecs created, found through their runtimeId and com.amazonaws.ecs.task-arn label.
"""
import datetime
import ipaddress
import time
import unittest
import urllib.request
import uuid

from docker_env import TEST_IMAGE, DockerServerTestCase, containers_of_task, inspect, tag_image
from harness import ServerTestCase, wait_for

ACCOUNT = "000000000000"
REGION = "us-east-1"
ECR_IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/demo:latest"
EXECUTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecsTaskExecutionRole"
AWSVPC = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"],
                                  "assignPublicIp": "ENABLED"}}
# Runs until SIGTERM and then exits 0 at once: `wait` is interrupted by the trapped signal.
LONG = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
FAST_WAITER = {"Delay": 1, "MaxAttempts": 90}


def tags_of(tags):
    return {t["key"]: t["value"] for t in tags or []}


def container(task, name):
    for c in task["containers"]:
        if c["name"] == name:
            return c
    raise AssertionError(f"no container {name} in {[c['name'] for c in task['containers']]}")


def docker_time(text):
    """Docker's RFC 3339 nanosecond timestamps as aware datetimes (microsecond precision)."""
    date, _, rest = text.partition("T")
    clock = rest.rstrip("Z")
    if "." in clock:
        whole, frac = clock.split(".", 1)
        clock = f"{whole}.{(frac + '000000')[:6]}"
    else:
        clock += ".000000"
    return datetime.datetime.strptime(f"{date}T{clock}", "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc)


def ever_started(info):
    return not info["State"]["StartedAt"].startswith("0001-")


class TaskTestBase(ServerTestCase):
    """Helpers: a fresh cluster per test, compact task definitions, polling DescribeTasks."""

    def setUp(self):
        super().setUp()
        self.clusters = []
        self.launched = []

    def new_cluster(self):
        name = "t-" + uuid.uuid4().hex[:10]
        self.ecs.create_cluster(clusterName=name)
        self.clusters.append(name)
        return name

    def register(self, family, containers, fargate=False, **kwargs):
        defs = []
        for c in containers:
            d = {"image": TEST_IMAGE, "essential": True}
            if not fargate:
                d["memory"] = 64
            d.update(c)
            defs.append(d)
        args = {"family": family, "containerDefinitions": defs}
        if fargate:
            args.update(networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
                        memory="512")
        args.update(kwargs)
        return self.ecs.register_task_definition(**args)["taskDefinition"]["taskDefinitionArn"]

    def run_task(self, cluster, task_definition, **kwargs):
        kwargs.setdefault("launchType", "EC2")
        resp = self.ecs.run_task(cluster=cluster, taskDefinition=task_definition, **kwargs)
        self.assertEqual(resp["failures"], [])
        self.launched += [t["taskArn"] for t in resp["tasks"]]
        return resp["tasks"]

    def run_one(self, cluster, task_definition, **kwargs):
        tasks = self.run_task(cluster, task_definition, **kwargs)
        self.assertEqual(len(tasks), 1)
        return tasks[0]

    def describe(self, cluster, arn, **kwargs):
        resp = self.ecs.describe_tasks(cluster=cluster, tasks=[arn], **kwargs)
        self.assertEqual(resp["failures"], [])
        return resp["tasks"][0]

    def wait_task(self, cluster, arn, predicate, timeout=60, message="task condition"):
        last = {}

        def check():
            last["task"] = self.describe(cluster, arn)
            return predicate(last["task"])

        try:
            wait_for(check, timeout=timeout, interval=0.25, message=message)
        except AssertionError:
            t = last.get("task", {})
            summary = {k: t.get(k) for k in ("lastStatus", "desiredStatus", "stopCode",
                                             "stoppedReason", "healthStatus")}
            summary["containers"] = [
                {k: c.get(k) for k in ("name", "lastStatus", "exitCode", "reason", "healthStatus",
                                       "runtimeId")} for c in t.get("containers", [])]
            raise AssertionError(f"timed out waiting for {message}; last seen: {summary}")
        return last["task"]

    def wait_status(self, cluster, arn, status, timeout=60):
        return self.wait_task(cluster, arn, lambda t: t["lastStatus"] == status, timeout,
                              f"lastStatus {status}")

    def wait_container(self, cluster, arn, name, predicate, timeout=60, message=None):
        return self.wait_task(cluster, arn, lambda t: predicate(container(t, name)), timeout,
                              message or f"container {name} condition")


class DockerTaskTestCase(TaskTestBase, DockerServerTestCase):
    """Tasks that really run. Each test stops what it started; the class removes the leftovers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tag_image(TEST_IMAGE, "demo:latest")

    def tearDown(self):
        type(self).seen_tasks.update(self.launched)
        # Stop whatever the test left running, through the API, and check Docker agrees.
        if not self.server_running():
            return
        pending = []
        for cluster in self.clusters:
            for status in ("RUNNING",):
                for arn in self.ecs.list_tasks(cluster=cluster, desiredStatus=status)["taskArns"]:
                    self.ecs.stop_task(cluster=cluster, task=arn, reason="test teardown")
                    pending.append((cluster, arn))
        for cluster in self.clusters:
            for arn in self.launched:
                if arn.split("/")[-2] == cluster:
                    pending.append((cluster, arn))
        for cluster, arn in set(pending):
            self.wait_status(cluster, arn, "STOPPED", timeout=30)
        for arn in self.launched:
            running = containers_of_task(arn, running_only=True)
            self.assertEqual(running, [], f"containers of STOPPED task {arn} still run")


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


class DependsOnTest(DockerTaskTestCase):

    def runtime(self, task, name):
        info = inspect(container(task, name)["runtimeId"])
        self.assertIsNotNone(info, f"{name} has no Docker container")
        return info

    def test_success_condition_waits_for_exit_zero(self):
        cluster = self.new_cluster()
        self.register("dep-success", [
            {"name": "init", "essential": False, "command": ["sh", "-c", "sleep 2; exit 0"]},
            {"name": "app", "command": LONG,
             "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]},
        ])
        arn = self.run_one(cluster, "dep-success")["taskArn"]
        t = self.wait_container(cluster, arn, "app", lambda c: c["lastStatus"] == "RUNNING",
                                message="app RUNNING")
        self.assertEqual(container(t, "init")["lastStatus"], "STOPPED")
        self.assertEqual(container(t, "init")["exitCode"], 0)
        init, app = self.runtime(t, "init"), self.runtime(t, "app")
        self.assertLessEqual(docker_time(init["State"]["FinishedAt"]),
                             docker_time(app["State"]["StartedAt"]))
        self.assertEqual(t["lastStatus"], "RUNNING")

    def test_success_condition_not_met_never_starts_the_dependent(self):
        cluster = self.new_cluster()
        self.register("dep-fail", [
            {"name": "init", "essential": False, "command": ["sh", "-c", "exit 1"]},
            {"name": "app", "command": LONG,
             "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]},
        ])
        arn = self.run_one(cluster, "dep-fail")["taskArn"]
        t = self.wait_status(cluster, arn, "STOPPED", timeout=40)
        self.assertEqual(container(t, "init")["exitCode"], 1)
        app = container(t, "app")
        self.assertEqual(app["lastStatus"], "STOPPED")
        self.assertNotIn("exitCode", app)
        if app.get("runtimeId"):
            info = inspect(app["runtimeId"])
            self.assertTrue(info is None or not ever_started(info), "app was started")

    def test_complete_condition_accepts_any_exit(self):
        cluster = self.new_cluster()
        self.register("dep-complete", [
            {"name": "init", "essential": False, "command": ["sh", "-c", "sleep 1; exit 4"]},
            {"name": "app", "command": LONG,
             "dependsOn": [{"containerName": "init", "condition": "COMPLETE"}]},
        ])
        arn = self.run_one(cluster, "dep-complete")["taskArn"]
        t = self.wait_container(cluster, arn, "app", lambda c: c["lastStatus"] == "RUNNING",
                                message="app RUNNING")
        self.assertEqual(container(t, "init")["exitCode"], 4)
        init, app = self.runtime(t, "init"), self.runtime(t, "app")
        self.assertLessEqual(docker_time(init["State"]["FinishedAt"]),
                             docker_time(app["State"]["StartedAt"]))
        self.assertEqual(t["lastStatus"], "RUNNING")

    def test_start_condition_needs_only_a_start(self):
        cluster = self.new_cluster()
        self.register("dep-start", [
            {"name": "db", "command": LONG},
            {"name": "app", "command": LONG,
             "dependsOn": [{"containerName": "db", "condition": "START"}]},
        ])
        arn = self.run_one(cluster, "dep-start")["taskArn"]
        t = self.wait_status(cluster, arn, "RUNNING")
        db, app = self.runtime(t, "db"), self.runtime(t, "app")
        self.assertTrue(db["State"]["Running"] and app["State"]["Running"])
        self.assertLessEqual(docker_time(db["State"]["StartedAt"]),
                             docker_time(app["State"]["StartedAt"]))

    def test_healthy_condition_waits_for_the_health_check(self):
        cluster = self.new_cluster()
        self.register("dep-healthy", [
            {"name": "db", "command": LONG,
             "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5, "timeout": 2,
                             "retries": 1, "startPeriod": 0}},
            {"name": "app", "command": LONG,
             "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}]},
        ])
        arn = self.run_one(cluster, "dep-healthy")["taskArn"]
        t = self.wait_container(cluster, arn, "app", lambda c: c["lastStatus"] == "RUNNING",
                                message="app RUNNING")
        self.assertEqual(container(t, "db")["healthStatus"], "HEALTHY")
        db, app = self.runtime(t, "db"), self.runtime(t, "app")
        checks = [e for e in db["State"]["Health"]["Log"] if e["ExitCode"] == 0]
        self.assertTrue(checks, "db has no passed health check")
        self.assertLessEqual(docker_time(checks[0]["End"]), docker_time(app["State"]["StartedAt"]))


class HealthAndOverridesTest(DockerTaskTestCase):

    def test_health_check_healthy_and_unhealthy(self):
        cluster = self.new_cluster()
        check = {"interval": 5, "timeout": 2, "retries": 1, "startPeriod": 0}
        self.register("healthy", [{"name": "app", "command": LONG,
                                   "healthCheck": {"command": ["CMD-SHELL", "true"], **check}}])
        self.register("unhealthy", [{"name": "app", "command": LONG,
                                     "healthCheck": {"command": ["CMD-SHELL", "exit 1"], **check}}])
        good = self.run_one(cluster, "healthy")["taskArn"]
        bad = self.run_one(cluster, "unhealthy")["taskArn"]
        t = self.wait_status(cluster, good, "RUNNING")
        self.assertEqual(container(t, "app")["healthStatus"], "UNKNOWN")
        t = self.wait_task(cluster, good, lambda t: t["healthStatus"] == "HEALTHY", timeout=40,
                           message="task HEALTHY")
        self.assertEqual(container(t, "app")["healthStatus"], "HEALTHY")
        t = self.wait_task(cluster, bad, lambda t: t["healthStatus"] == "UNHEALTHY", timeout=40,
                           message="task UNHEALTHY")
        self.assertEqual(container(t, "app")["healthStatus"], "UNHEALTHY")

    def test_overrides_reach_the_container(self):
        cluster = self.new_cluster()
        self.register("overrides", [{"name": "app", "command": ["sh", "-c", "exit 0"],
                                     "environment": [{"name": "CODE", "value": "1"}]}])
        arn = self.run_one(cluster, "overrides", overrides={"containerOverrides": [{
            "name": "app", "command": ["sh", "-c", "exit $CODE"],
            "environment": [{"name": "CODE", "value": "7"}]}]})["taskArn"]
        t = self.wait_status(cluster, arn, "STOPPED")
        self.assertEqual(t["overrides"]["containerOverrides"][0]["name"], "app")
        self.assertEqual(container(t, "app")["exitCode"], 7)
        self.assertEqual(t["stopCode"], "EssentialContainerExited")


class NetworkingTest(DockerTaskTestCase):

    def test_awsvpc_containers_share_localhost(self):
        cluster = self.new_cluster()
        serve = ("mkdir -p /www && echo hello-minecs > /www/index.html && "
                 "exec httpd -f -p 8080 -h /www")
        fetch = ("for i in $(seq 1 20); do "
                 "out=$(wget -q -O- http://localhost:8080/index.html) && "
                 "[ \"$out\" = hello-minecs ] && exit 0; sleep 1; done; exit 1")
        self.register("localhost", [
            {"name": "web", "essential": False, "command": ["sh", "-c", serve], "stopTimeout": 2},
            {"name": "client", "command": ["sh", "-c", fetch]},
        ], fargate=True)
        arn = self.run_one(cluster, "localhost", launchType="FARGATE",
                           networkConfiguration=AWSVPC)["taskArn"]
        t = self.wait_status(cluster, arn, "STOPPED", timeout=60)
        self.assertEqual(container(t, "client")["exitCode"], 0)
        self.assertEqual(t["stopCode"], "EssentialContainerExited")
        self.assertIn(container(t, "web")["exitCode"], (137, 143))

    def test_bridge_dynamic_host_port(self):
        cluster = self.new_cluster()
        serve = ("mkdir -p /www && echo bridge-ok > /www/index.html && "
                 "exec httpd -f -p 8080 -h /www")
        self.register("bridge", [{"name": "web", "command": ["sh", "-c", serve], "stopTimeout": 2,
                                  "portMappings": [{"containerPort": 8080, "hostPort": 0,
                                                    "protocol": "tcp"}]}],
                      networkMode="bridge")
        arn = self.run_one(cluster, "bridge")["taskArn"]
        t = self.wait_status(cluster, arn, "RUNNING")
        bindings = container(t, "web")["networkBindings"]
        v4 = [b for b in bindings if ":" not in b.get("bindIP", "")]
        self.assertTrue(v4, bindings)
        b = v4[0]
        self.assertEqual(b["containerPort"], 8080)
        self.assertEqual(b["protocol"], "tcp")
        self.assertGreater(b["hostPort"], 1024)
        self.assertNotEqual(b["hostPort"], 8080)

        def fetch():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{b['hostPort']}/index.html",
                                            timeout=2) as r:
                    return r.read().decode().strip()
            except OSError:
                return None

        self.assertEqual(wait_for(fetch, timeout=15, message="httpd answering"), "bridge-ok")

    def test_bad_image_fails_to_start(self):
        cluster = self.new_cluster()
        self.register("badimage", [{"name": "app", "image": "does-not-exist:latest",
                                    "command": LONG}])
        arn = self.run_one(cluster, "badimage")["taskArn"]
        t = self.wait_status(cluster, arn, "STOPPED", timeout=60)
        self.assertEqual(t["desiredStatus"], "STOPPED")
        self.assertEqual(t["stopCode"], "TaskFailedToStart")
        self.assertTrue(t["stoppedReason"].startswith("CannotPullContainerError"),
                        t["stoppedReason"])
        self.assertTrue(container(t, "app").get("reason", "").startswith(
            "CannotPullContainerError"), container(t, "app"))
        self.assertNotIn("startedAt", t)


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


class TaskApiTest(TaskTestBase):
    """What needs no running container: validation, listing, tags, tokens, placement."""

    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.cluster = self.new_cluster()
        self.register("plain", [{"name": "app", "command": LONG}])

    def test_awsvpc_needs_network_configuration(self):
        self.register("vpc", [{"name": "app", "command": LONG}], fargate=True)
        err = self.assertClientError("InvalidParameterException", self.ecs.run_task,
                                     cluster=self.cluster, taskDefinition="vpc",
                                     launchType="FARGATE")
        self.assertIn("Network Configuration", err["Error"]["Message"])
        self.assertClientError("InvalidParameterException", self.ecs.run_task,
                               cluster=self.cluster, taskDefinition="plain",
                               networkConfiguration=AWSVPC)
        self.assertEqual(self.ecs.list_tasks(cluster=self.cluster)["taskArns"], [])

    def test_count_bounds(self):
        for count in (0, 11):
            with self.subTest(count=count):
                self.assertClientError("InvalidParameterException", self.ecs.run_task,
                                       cluster=self.cluster, taskDefinition="plain", count=count)
        tasks = self.run_task(self.cluster, "plain", count=10)
        self.assertEqual(len({t["taskArn"] for t in tasks}), 10)

    def test_describe_unknown_task_is_missing(self):
        arn = self.run_one(self.cluster, "plain")["taskArn"]
        unknown_id = "0123456789abcdef0123456789abcdef"
        unknown_arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{self.cluster}/{unknown_id}"
        resp = self.ecs.describe_tasks(cluster=self.cluster, tasks=[arn, unknown_id])
        self.assertEqual([t["taskArn"] for t in resp["tasks"]], [arn])
        self.assertEqual(resp["failures"], [{"arn": unknown_arn, "reason": "MISSING"}])
        # By id as well as ARN.
        resp = self.ecs.describe_tasks(cluster=self.cluster, tasks=[arn.split("/")[-1]])
        self.assertEqual([t["taskArn"] for t in resp["tasks"]], [arn])
        self.assertClientError("InvalidParameterException", self.ecs.stop_task,
                               cluster=self.cluster, task=unknown_id)

    def test_list_tasks_filters_and_pagination(self):
        self.register("other", [{"name": "app", "command": LONG}])
        self.register("vpc", [{"name": "app", "command": LONG}], fargate=True)
        plain = [t["taskArn"] for t in self.run_task(self.cluster, "plain", count=3,
                                                     startedBy="alice")]
        other = [t["taskArn"] for t in self.run_task(self.cluster, "other", count=2,
                                                     startedBy="bob")]
        vpc = self.run_one(self.cluster, "vpc", launchType="FARGATE",
                           networkConfiguration=AWSVPC)["taskArn"]
        self.ecs.stop_task(cluster=self.cluster, task=other[0], reason="done")

        def listed(**kw):
            return set(self.ecs.list_tasks(cluster=self.cluster, **kw)["taskArns"])

        self.assertEqual(listed(), set(plain + other[1:] + [vpc]))
        self.assertEqual(listed(family="plain"), set(plain))
        self.assertEqual(listed(family="other"), {other[1]})
        self.assertEqual(listed(startedBy="bob"), {other[1]})
        self.assertEqual(listed(desiredStatus="STOPPED"), {other[0]})
        self.assertEqual(listed(desiredStatus="STOPPED", family="plain"), set())
        self.assertEqual(listed(launchType="FARGATE"), {vpc})
        self.assertEqual(listed(launchType="EC2"), set(plain + other[1:]))
        self.assertEqual(listed(family="nope"), set())

        seen, token, pages = [], None, 0
        while True:
            kw = {"nextToken": token} if token else {}
            page = self.ecs.list_tasks(cluster=self.cluster, maxResults=2, **kw)
            self.assertLessEqual(len(page["taskArns"]), 2)
            seen += page["taskArns"]
            pages += 1
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), set(plain + other[1:] + [vpc]))
        paginated = []
        for page in self.ecs.get_paginator("list_tasks").paginate(
                cluster=self.cluster, PaginationConfig={"PageSize": 4}):
            paginated += page["taskArns"]
        self.assertEqual(sorted(paginated), sorted(seen))

    def test_pending_counts_and_delete_cluster(self):
        arns = [t["taskArn"] for t in self.run_task(self.cluster, "plain", count=3)]
        c = self.ecs.describe_clusters(clusters=[self.cluster])["clusters"][0]
        # Without Docker nothing starts: they stay pending.
        self.assertEqual((c["runningTasksCount"], c["pendingTasksCount"]), (0, 3))
        self.assertEqual(self.describe(self.cluster, arns[0])["lastStatus"], "PROVISIONING")
        self.assertClientError("ClusterContainsTasksException", self.ecs.delete_cluster,
                               cluster=self.cluster)
        for arn in arns:
            t = self.ecs.stop_task(cluster=self.cluster, task=arn)["task"]
            self.assertEqual(t["desiredStatus"], "STOPPED")
        c = self.ecs.describe_clusters(clusters=[self.cluster])["clusters"][0]
        self.assertEqual(c["pendingTasksCount"], 0)
        self.assertEqual(self.ecs.delete_cluster(cluster=self.cluster)["cluster"]["status"],
                         "INACTIVE")

    def test_tags_with_propagation_from_the_task_definition(self):
        self.ecs.register_task_definition(
            family="tagged", containerDefinitions=[{"name": "app", "image": TEST_IMAGE,
                                                     "memory": 64, "command": LONG}],
            tags=[{"key": "team", "value": "core"}, {"key": "env", "value": "td"}])
        arn = self.run_one(self.cluster, "tagged", propagateTags="TASK_DEFINITION",
                           tags=[{"key": "env", "value": "task"}])["taskArn"]
        t = self.describe(self.cluster, arn, include=["TAGS"])
        self.assertEqual(tags_of(t["tags"]), {"team": "core", "env": "task"})
        self.assertEqual(tags_of(self.describe(self.cluster, arn).get("tags")), {})
        self.assertEqual(tags_of(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"]),
                         {"team": "core", "env": "task"})
        plain = self.run_one(self.cluster, "tagged", tags=[{"key": "k", "value": "v"}])["taskArn"]
        self.assertEqual(tags_of(self.describe(self.cluster, plain, include=["TAGS"])["tags"]),
                         {"k": "v"})

    def test_client_token_is_idempotent(self):
        first = self.run_one(self.cluster, "plain", clientToken="token-1")["taskArn"]
        again = self.run_one(self.cluster, "plain", clientToken="token-1")["taskArn"]
        other = self.run_one(self.cluster, "plain", clientToken="token-2")["taskArn"]
        self.assertEqual(first, again)
        self.assertNotEqual(first, other)
        self.assertEqual(set(self.ecs.list_tasks(cluster=self.cluster)["taskArns"]),
                         {first, other})

    def test_ec2_tasks_are_placed_on_the_container_instance(self):
        task = self.run_one(self.cluster, "plain", launchType="EC2")
        instances = self.ecs.list_container_instances(cluster=self.cluster)["containerInstanceArns"]
        self.assertEqual(len(instances), 1)
        self.assertEqual(task["containerInstanceArn"], instances[0])
        ci = self.ecs.describe_container_instances(cluster=self.cluster,
                                                   containerInstances=instances)
        self.assertEqual(ci["failures"], [])
        self.assertEqual(ci["containerInstances"][0]["status"], "ACTIVE")
        self.assertEqual(self.ecs.list_tasks(cluster=self.cluster,
                                             containerInstance=instances[0])["taskArns"],
                         [task["taskArn"]])
        # Fargate tasks are not on it.
        self.register("vpc", [{"name": "app", "command": LONG}], fargate=True)
        fargate = self.run_one(self.cluster, "vpc", launchType="FARGATE",
                               networkConfiguration=AWSVPC)
        self.assertNotIn("containerInstanceArn", fargate)

    def test_start_task_on_the_container_instance(self):
        self.run_one(self.cluster, "plain")  # registers the instance
        ci = self.ecs.list_container_instances(cluster=self.cluster)["containerInstanceArns"][0]
        resp = self.ecs.start_task(cluster=self.cluster, taskDefinition="plain",
                                   containerInstances=[ci, "0123456789abcdef0123456789abcdef"],
                                   startedBy="carol")
        self.assertEqual(len(resp["tasks"]), 1)
        self.assertEqual(resp["tasks"][0]["containerInstanceArn"], ci)
        self.assertEqual(resp["tasks"][0]["launchType"], "EC2")
        self.assertEqual([f["reason"] for f in resp["failures"]], ["MISSING"])
        self.assertEqual(self.ecs.list_tasks(cluster=self.cluster, startedBy="carol")["taskArns"],
                         [resp["tasks"][0]["taskArn"]])


if __name__ == "__main__":
    unittest.main()
