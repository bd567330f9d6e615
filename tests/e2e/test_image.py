"""The minecs container image: scripts/image.sh builds it (FROM scratch, offline) around the test
build's binary. The README's quick start runs as written against minecs in a container that drives
the host's Docker through the mounted socket: its `docker run`, then a task of the test image seen
RUNNING with its awslogs line, kept across `docker restart` (state in the /data volume, the task's
container adopted) and then STOPPED, then the seed workflow with the AWS CLI. A second container in
the host's network namespace gives a task its metadata at 169.254.170.2. Skipped only where Docker
is absent (a failure under MINECS_REQUIRE_DOCKER=1, as in CI); everything made (containers,
volumes, image tags) goes."""
import json
import os
import re
import shutil
import socket
import subprocess
import unittest
import urllib.request
import uuid

import boto3
from botocore.config import Config

import harness
from docker_env import (TEST_IMAGE, containers_of_task, docker, force_remove, instances_of_tasks,
                        remove_image, remove_instance_containers, require_docker, tag_image)
from harness import REGION, ROOT, wait_for
from quick_start import blocks, lines, project_version, run_seed_workflow, run_shell

IMAGE_SH = os.path.join(ROOT, "scripts", "image.sh")
COMPOSE_FILE = os.path.join(ROOT, "docker", "compose.yaml")
SANITIZER_REPORT = re.compile(r"ERROR: (Address|Leak)Sanitizer|runtime error:")


def wait_healthy(endpoint, logs):
    """Until minecs's /health at `endpoint` answers 200; `logs()` goes into the failure."""
    def healthy():
        try:
            with urllib.request.urlopen(endpoint + "/health", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False
    try:
        wait_for(healthy, timeout=30, interval=0.1, message="minecs's /health")
    except AssertionError as e:
        raise AssertionError(f"{e}; its log:\n{logs()}") from None


def client_of(endpoint, service):
    """A boto3 client of the minecs at `endpoint`."""
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 2}))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compose_command():
    """Docker's compose plugin where it is installed, else Debian 12's docker-compose."""
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return ["docker-compose"] if shutil.which("docker-compose") else None


class MinecsContainer:
    """minecs in a container of the image, as the README runs it: the Docker socket mounted, state
    in a named volume at /data, the API published on a free port of 127.0.0.1."""

    def __init__(self, image, host_network=False):
        self.name = "minecs-e2e-" + uuid.uuid4().hex[:10]
        self.volume = self.name + "-data"
        self.image = image
        self.host_network = host_network
        self.endpoint = None

    # The sanitizer settings of the test command reach the sanitized binary inside too.
    sanitizer_env = [a for v in ("ASAN_OPTIONS", "UBSAN_OPTIONS") if v in os.environ
                     for a in ("-e", v)]

    def run_readme(self, command):
        """The README's `docker run` of the image, on this container's name, volume and image
        tag, published on any free port."""
        for old, new in (("--name minecs ", f"--name {self.name} "),
                         ("127.0.0.1:4566:4566", "127.0.0.1::4566"),
                         ("minecs-data:/data", f"{self.volume}:/data"),
                         ("minecs:latest", self.image),
                         ("docker run -d ", "docker run -d " + " ".join(self.sanitizer_env) + " ")):
            if old not in command:
                raise AssertionError(f"the README's docker run has no {old!r}: {command}")
            command = command.replace(old, new)
        run_shell(command)
        self.wait_ready()

    def run(self):
        args = list(self.sanitizer_env)
        if self.host_network:
            # As the README runs it for the agent endpoints; the port is any free one, logged.
            args += ["--network", "host", "--cap-add", "NET_ADMIN", "--security-opt",
                     "systempaths=unconfined", "-e", "MINECS_HOST=127.0.0.1", "-e", "MINECS_PORT=0"]
        else:
            args += ["-p", "127.0.0.1::4566"]
        docker("run", "-d", "--name", self.name, "-v", "/var/run/docker.sock:/var/run/docker.sock",
               "-v", f"{self.volume}:/data", *args, self.image)
        self.wait_ready()

    def restart(self):
        docker("restart", self.name, timeout=60)
        self.wait_ready()

    def wait_ready(self):
        if self.host_network:
            found = wait_for(lambda: re.findall(r"listening on (http://[\d.]+:\d+)", self.logs()),
                             timeout=30, message="minecs listening")
            self.endpoint = found[-1]
        else:
            # The published port is chosen again on every start.
            port = wait_for(lambda: docker("port", self.name, "4566/tcp", check=False),
                            timeout=10, message="the published port").splitlines()[0]
            self.endpoint = "http://" + port.strip()
        wait_healthy(self.endpoint, self.logs)

    def client(self, service):
        return client_of(self.endpoint, service)

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
        # The README's `scripts/image.sh`, of the test build's binary, to a repository of its own.
        env = dict(os.environ, MINECS_IMAGE_NAME=cls.repository,
                   MINECS_BUILD_DIR=os.path.dirname(harness.MINECS_BIN))
        r = subprocess.run([IMAGE_SH], env=env, capture_output=True, text=True, timeout=300)
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
        self.images = []

    def tearDown(self):
        instances = instances_of_tasks(self.tasks)
        for c in self.containers:
            c.remove()
        for instance in instances:
            remove_instance_containers(instance)
        for arn in self.tasks:
            force_remove(containers_of_task(arn))
        for image in self.images:
            remove_image(image)

    def start(self, host_network=False):
        c = MinecsContainer(self.tags[0], host_network)
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
        # Under 100 MB; the test command's ASan+UBSan binary alone is several times an
        # optimised one, so its image gets more room.
        ldd = subprocess.run(["ldd", harness.MINECS_BIN], capture_output=True, text=True).stdout
        limit = 200_000_000 if "libasan" in ldd else 100_000_000
        self.assertLess(latest["Size"], limit)

    def test_quick_start_and_a_restart(self):
        """The README's quick start with the image: its `docker run`, then state kept across
        `docker restart` with a task running through it, then the seed workflow as written."""
        first, docker_run = lines(blocks()["scripts/image.sh"])
        self.assertEqual(first, "scripts/image.sh")  # what setUpClass ran
        minecs = MinecsContainer(self.tags[0])
        self.containers.append(minecs)
        minecs.run_readme(docker_run)
        self.assertEqual(docker("exec", minecs.name, "minecs", "--version"),
                         f"minecs {project_version()}")
        # The programs minecs runs, with their libraries and modules (the comment match and the
        # DNAT target of the 169.254.170.2 rule), answer inside.
        docker("exec", minecs.name, "ip", "-V")
        self.assertIn("DNAT", docker("exec", minecs.name, "iptables", "-m", "comment", "-j", "DNAT",
                                     "--help"))
        ecs, logs = minecs.client("ecs"), minecs.client("logs")
        ecs.create_cluster(clusterName="kept")
        logs.create_log_group(logGroupName="/ecs/kept")
        ecs.register_task_definition(family="kept", containerDefinitions=[{
            "name": "app", "image": TEST_IMAGE, "essential": True, "memory": 64,
            "command": ["sh", "-c", "echo hello from the image; trap 'exit 0' TERM; "
                        "sleep 600 & wait"],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/kept", "awslogs-region": REGION,
                "awslogs-stream-prefix": "kept"}}}])
        run = ecs.run_task(cluster="kept", taskDefinition="kept")
        self.assertEqual(run["failures"], [])
        arn = run["tasks"][0]["taskArn"]
        self.tasks.append(arn)

        def status():
            return ecs.describe_tasks(cluster="kept", tasks=[arn])["tasks"][0]["lastStatus"]
        wait_for(lambda: status() == "RUNNING", timeout=60, message="the task RUNNING")
        stream = f"kept/app/{arn.rsplit('/', 1)[1]}"

        def log_line():
            try:
                return [e["message"] for e in logs.get_log_events(
                    logGroupName="/ecs/kept", logStreamName=stream)["events"]]
            except logs.exceptions.ResourceNotFoundException:
                return []
        self.assertEqual(wait_for(log_line, timeout=30, message="the log line"),
                         ["hello from the image"])
        self.assertEqual(len(containers_of_task(arn, running_only=True)), 1)

        minecs.restart()
        ecs, logs = minecs.client("ecs"), minecs.client("logs")
        self.assertEqual(ecs.list_clusters()["clusterArns"],
                         [f"arn:aws:ecs:{REGION}:{harness.ACCOUNT}:cluster/kept"])
        self.assertEqual(
            ecs.describe_task_definition(taskDefinition="kept")["taskDefinition"]["revision"], 1)
        self.assertEqual(log_line(), ["hello from the image"])
        # The task kept running through the restart and is minecs's again.
        self.assertEqual(status(), "RUNNING")
        ecs.stop_task(cluster="kept", task=arn, reason="the image test is done")
        wait_for(lambda: status() == "STOPPED", timeout=60, message="the task STOPPED")
        task = ecs.describe_tasks(cluster="kept", tasks=[arn])["tasks"][0]
        self.assertEqual((task["stopCode"], task["stoppedReason"]),
                         ("UserInitiated", "the image test is done"))
        self.assertEqual(task["containers"][0]["exitCode"], 0)

        # The seed workflow as the README gives it, with its own image tag (demo:latest may be
        # another test's). The tag is made beforehand, so the README's make-test-image.sh finds
        # it and returns at once: importing busybox again took seconds, and the script's build
        # runs wherever the tests start without their test image (require_docker).
        demo = tag_image(TEST_IMAGE, f"{self.tags[0].split(':')[0]}-demo:latest")
        self.images.append(demo)
        try:
            out = run_seed_workflow(minecs.endpoint, demo)
        finally:
            for state in ("RUNNING", "STOPPED"):
                try:
                    self.tasks += ecs.list_tasks(cluster="demo", desiredStatus=state)["taskArns"]
                except ecs.exceptions.ClusterNotFoundException:
                    pass
        self.assertRegex(out, r"demo/app/[0-9a-f]{32} hello from demo\n")
        self.assertIsNone(SANITIZER_REPORT.search(minecs.logs()), minecs.logs())

    def test_compose_file(self):
        """docker/compose.yaml as its comments run it: `up -d` publishes the API, the state
        volume outlives `down`, and `down -v` removes containers and volume."""
        command = compose_command()
        if command is None:
            self.fail("neither `docker compose` nor docker-compose (scripts/setup.sh --test "
                      "installs Debian's) is installed")
        project = "minecs-e2e-" + uuid.uuid4().hex[:10]
        env = dict(os.environ, MINECS_IMAGE=self.tags[0])

        def compose(*args):
            r = subprocess.run([*command, "-f", COMPOSE_FILE, "-p", project, *args], env=env,
                               capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                raise AssertionError(f"compose {' '.join(args)} failed: {r.stderr}")
            return r.stdout

        def logs():
            return compose("--profile", "host", "logs", "--no-color")
        self.addCleanup(compose, "--profile", "host", "down", "-v")

        def serve(*up):
            env["MINECS_PORT"] = str(free_port())
            compose(*up)
            endpoint = f"http://127.0.0.1:{env['MINECS_PORT']}"
            wait_healthy(endpoint, logs)
            return client_of(endpoint, "ecs")

        serve("up", "-d").create_cluster(clusterName="composed")
        compose("down")
        ecs = serve("up", "-d")
        self.assertEqual(ecs.list_clusters()["clusterArns"],
                         [f"arn:aws:ecs:{REGION}:{harness.ACCOUNT}:cluster/composed"])
        # The host profile's service needs --privileged, which this machine's Docker (itself in
        # a container) cannot grant: compose only reads it here.
        host = compose("--profile", "host", "config")
        self.assertRegex(host, r"minecs-host:\n(    .*\n)*    network_mode: host\n")
        compose("--profile", "host", "down", "-v")
        self.assertEqual(docker("volume", "ls", "-q", "--filter", f"name={project}"), "")
        self.assertEqual(docker("ps", "-aq", "--filter", f"name={project}"), "")

    def test_host_network_gives_tasks_the_agent_endpoints(self):
        """In the host's network namespace, allowed to set its iptables and sysctls, minecs
        routes 169.254.170.2 on its task networks to its agent: the task metadata endpoint
        answers inside a task. (--privileged does as much; this host's Docker cannot grant it.)"""
        minecs = self.start(host_network=True)
        ecs, logs = minecs.client("ecs"), minecs.client("logs")
        ecs.create_cluster(clusterName="agent")
        logs.create_log_group(logGroupName="/ecs/agent")
        ecs.register_task_definition(family="agent", containerDefinitions=[{
            "name": "app", "image": TEST_IMAGE, "essential": True, "memory": 64,
            "command": ["sh", "-c", "wget -q -O- $ECS_CONTAINER_METADATA_URI_V4/task; echo"],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/agent", "awslogs-region": REGION,
                "awslogs-stream-prefix": "agent"}}}])
        run = ecs.run_task(cluster="agent", taskDefinition="agent")
        self.assertEqual(run["failures"], [])
        arn = run["tasks"][0]["taskArn"]
        self.tasks.append(arn)
        wait_for(lambda: ecs.describe_tasks(cluster="agent", tasks=[arn])["tasks"][0][
            "lastStatus"] == "STOPPED", timeout=60, message="the task STOPPED")
        task = ecs.describe_tasks(cluster="agent", tasks=[arn])["tasks"][0]
        stream = f"agent/app/{arn.rsplit('/', 1)[1]}"

        def printed():
            try:
                return "".join(e["message"] for e in logs.get_log_events(
                    logGroupName="/ecs/agent", logStreamName=stream)["events"])
            except logs.exceptions.ResourceNotFoundException:
                return ""
        self.assertEqual(task["containers"][0].get("exitCode"), 0,
                         (task, printed(), minecs.logs()))

        def metadata():
            try:
                return json.loads(printed())
            except ValueError:
                return None
        try:
            found = wait_for(metadata, timeout=30, message="the task's log")
        except AssertionError as e:
            raise AssertionError(f"{e}: {printed()!r}") from None
        self.assertEqual(found["TaskARN"], arn)
        self.assertIsNone(SANITIZER_REPORT.search(minecs.logs()), minecs.logs())


if __name__ == "__main__":
    unittest.main()
