"""The minecs container image: scripts/image.sh builds it (FROM scratch, offline) around the test
build's binary, and the seed workflow runs against minecs in a container that drives the host's
Docker through the mounted socket: a cluster, a log group, a task definition with awslogs, a task of
the test image seen RUNNING with its log line, kept across `docker restart` (state in the /data
volume, the task's container adopted), then STOPPED. Skipped only where Docker is absent (a failure
under MINECS_REQUIRE_DOCKER=1, as in CI); everything made (containers, volume, image tags) goes."""
import json
import os
import re
import time
import unittest
import urllib.request
import uuid
import subprocess

import boto3
from botocore.config import Config

import harness
from docker_env import (TEST_IMAGE, docker, force_remove, containers_of_task, instances_of_tasks,
                        remove_image, remove_instance_containers, require_docker)
from harness import REGION, ROOT, wait_for

IMAGE_SH = os.path.join(ROOT, "scripts", "image.sh")
SANITIZER_REPORT = re.compile(r"ERROR: (Address|Leak)Sanitizer|runtime error:")


def project_version():
    with open(os.path.join(ROOT, "CMakeLists.txt")) as f:
        return re.search(r"^project\(minecs VERSION ([0-9.]+)", f.read(), re.M).group(1)


class MinecsContainer:
    """minecs in a container of the image, as the README runs it: the Docker socket mounted, state
    in a named volume at /data, the API published on a free port of 127.0.0.1."""

    def __init__(self, image, *docker_args):
        self.name = "minecs-e2e-" + uuid.uuid4().hex[:10]
        self.volume = self.name + "-data"
        self.image = image
        self.docker_args = list(docker_args)
        self.endpoint = None

    def run(self):
        # The sanitizer settings of the test command reach the sanitized binary inside too.
        passed = [a for v in ("ASAN_OPTIONS", "UBSAN_OPTIONS") if v in os.environ
                  for a in ("-e", v)]
        docker("run", "-d", "--name", self.name, "-p", "127.0.0.1::4566",
               "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", f"{self.volume}:/data",
               *passed, *self.docker_args, self.image)
        self.wait_ready()

    def restart(self):
        docker("restart", self.name, timeout=60)
        self.wait_ready()

    def wait_ready(self):
        # The published port is chosen again on every start.
        port = wait_for(lambda: docker("port", self.name, "4566/tcp", check=False),
                        timeout=10, message="the published port").splitlines()[0]
        self.endpoint = "http://" + port.strip()

        def healthy():
            try:
                with urllib.request.urlopen(self.endpoint + "/health", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False
        try:
            wait_for(healthy, timeout=30, interval=0.1, message="minecs's /health")
        except AssertionError as e:
            raise AssertionError(f"{e}; its log:\n{self.logs()}") from None

    def client(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="test", aws_secret_access_key="test",
                            config=Config(retries={"max_attempts": 2}))

    def logs(self):
        r = subprocess.run(["docker", "logs", self.name], capture_output=True, text=True,
                           timeout=30)
        return r.stdout + r.stderr

    def remove(self):
        """The instance's containers and networks through minecs's own reset, then the
        container and its volume."""
        if self.endpoint:
            req = urllib.request.Request(self.endpoint + "/_minecs/reset", data=b"",
                                         method="POST")
            try:
                urllib.request.urlopen(req, timeout=60).read()
            except OSError:
                pass  # the leftovers are removed by label below
        docker("rm", "-f", self.name, check=False, timeout=60)
        docker("volume", "rm", "-f", self.volume, check=False)


class ImageTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        require_docker()
        cls.repository = "minecs-e2e-" + uuid.uuid4().hex[:10]
        env = dict(os.environ, MINECS_IMAGE_NAME=cls.repository)
        started = time.time()
        r = subprocess.run([IMAGE_SH, os.path.dirname(harness.MINECS_BIN)], env=env,
                           capture_output=True, text=True, timeout=300)
        cls.build_seconds = time.time() - started
        cls.tags = [f"{cls.repository}:latest", f"{cls.repository}:{project_version()}"]
        if r.returncode != 0:
            cls.remove_tags()
            raise AssertionError(f"image.sh failed ({r.returncode}): {r.stderr}")
        cls.built = r.stdout.strip().splitlines()[-1]

    @classmethod
    def remove_tags(cls):
        for tag in cls.tags:
            remove_image(tag)

    @classmethod
    def tearDownClass(cls):
        cls.remove_tags()

    def setUp(self):
        self.containers = []
        self.tasks = []

    def tearDown(self):
        instances = instances_of_tasks(self.tasks)
        for c in self.containers:
            c.remove()
        for instance in instances:
            remove_instance_containers(instance)
        for arn in self.tasks:
            force_remove(containers_of_task(arn))

    def start(self, *docker_args):
        c = MinecsContainer(self.tags[0], *docker_args)
        self.containers.append(c)
        c.run()
        return c

    def test_image_tags_and_contents(self):
        self.assertEqual(self.built, self.tags[1])
        latest, versioned = (json.loads(docker("image", "inspect", t))[0] for t in self.tags)
        self.assertEqual(latest["Id"], versioned["Id"])
        config = latest["Config"]
        self.assertEqual(config["Entrypoint"], ["/usr/bin/minecs"])
        self.assertIn("/data", config["Volumes"])
        self.assertIn("4566/tcp", config["ExposedPorts"])
        self.assertIn("MINECS_DATA_DIR=/data", config["Env"])
        self.assertEqual(config["Labels"]["org.opencontainers.image.version"], project_version())
        # FROM scratch: the one layer is minecs and what it runs, nothing of a distribution.
        self.assertEqual(len(latest["RootFS"]["Layers"]), 1)
        self.assertLess(latest["Size"], 100_000_000)
        out = docker("run", "--rm", self.tags[1], "--version")
        self.assertEqual(out, f"minecs {project_version()}")

    def test_seed_workflow_in_the_container_survives_a_restart(self):
        minecs = self.start()
        # The programs minecs runs, with their libraries and modules (the comment match and the
        # DNAT target the 169.254.170.2 rule uses), answer inside.
        for program in (["ip", "-V"], ["iptables", "--version"], ["iptables-restore", "--version"],
                        ["iptables", "-m", "comment", "-j", "DNAT", "--help"]):
            docker("exec", minecs.name, *program)
        ecs, logs = minecs.client("ecs"), minecs.client("logs")
        ecs.create_cluster(clusterName="demo")
        logs.create_log_group(logGroupName="/ecs/demo")
        ecs.register_task_definition(family="demo", containerDefinitions=[{
            "name": "app", "image": TEST_IMAGE, "essential": True, "memory": 64,
            "command": ["sh", "-c", "echo hello from the image; trap 'exit 0' TERM; "
                        "sleep 600 & wait"],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/demo", "awslogs-region": REGION,
                "awslogs-stream-prefix": "demo"}}}])
        run = ecs.run_task(cluster="demo", taskDefinition="demo")
        self.assertEqual(run["failures"], [])
        arn = run["tasks"][0]["taskArn"]
        self.tasks.append(arn)

        def status():
            return ecs.describe_tasks(cluster="demo", tasks=[arn])["tasks"][0]["lastStatus"]
        wait_for(lambda: status() == "RUNNING", timeout=60, message="the task RUNNING")
        stream = f"demo/app/{arn.rsplit('/', 1)[1]}"

        def log_line():
            try:
                return [e["message"] for e in logs.get_log_events(
                    logGroupName="/ecs/demo", logStreamName=stream)["events"]]
            except logs.exceptions.ResourceNotFoundException:
                return []
        self.assertEqual(wait_for(log_line, timeout=30, message="the log line"),
                         ["hello from the image"])
        self.assertEqual(len(containers_of_task(arn, running_only=True)), 1)

        minecs.restart()
        ecs, logs = minecs.client("ecs"), minecs.client("logs")
        self.assertEqual(ecs.list_clusters()["clusterArns"],
                         [f"arn:aws:ecs:{REGION}:{harness.ACCOUNT}:cluster/demo"])
        self.assertEqual(
            ecs.describe_task_definition(taskDefinition="demo")["taskDefinition"]["revision"], 1)
        self.assertEqual(log_line(), ["hello from the image"])
        # The task kept running through the restart and is minecs's again.
        self.assertEqual(status(), "RUNNING")
        ecs.stop_task(cluster="demo", task=arn, reason="the image test is done")
        wait_for(lambda: status() == "STOPPED", timeout=60, message="the task STOPPED")
        task = ecs.describe_tasks(cluster="demo", tasks=[arn])["tasks"][0]
        self.assertEqual((task["stopCode"], task["stoppedReason"]),
                         ("UserInitiated", "the image test is done"))
        self.assertEqual(task["containers"][0]["exitCode"], 0)
        report = SANITIZER_REPORT.search(minecs.logs())
        self.assertIsNone(report, minecs.logs())


if __name__ == "__main__":
    unittest.main()
