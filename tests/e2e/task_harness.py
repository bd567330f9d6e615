"""What the task e2e modules share: task-shaped constants, the TaskTestBase helpers (a fresh
cluster per test, compact task definitions, polling DescribeTasks) and DockerTaskTestCase, the base
of test classes whose tasks really run on Docker.

Used by test_tasks, test_task_containers and test_task_api, and by the modules that run tasks for
another subject (test_awslogs, test_secrets, test_task_agent). Not a test module itself.
"""
import uuid

from docker_env import TEST_IMAGE, DockerServerTestCase, containers_of_task, tag_image
from harness import ACCOUNT, REGION, ServerTestCase, wait_for

# DockerTaskTestCase tags the test image as demo:latest, which this ECR image name resolves to.
ECR_IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/demo:latest"
EXECUTION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecsTaskExecutionRole"
AWSVPC = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"],
                                  "assignPublicIp": "ENABLED"}}
# Runs until SIGTERM and then exits 0 at once: `wait` is interrupted by the trapped signal.
LONG = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]


def container(task, name):
    for c in task["containers"]:
        if c["name"] == name:
            return c
    raise AssertionError(f"no container {name} in {[c['name'] for c in task['containers']]}")


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
