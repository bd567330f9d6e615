"""Docker for the e2e tests that run real tasks: a daemon that answers and the test image.

require_docker() is what a Docker test class calls first (in setUpClass): it runs
scripts/ensure-dockerd.sh and scripts/make-test-image.sh once per process. When Docker cannot be
had, the class is skipped (unittest.SkipTest) -- unless MINECS_REQUIRE_DOCKER=1 (CI sets it), where
a missing Docker is a failure, so that a broken runner cannot turn the Docker suite green by
skipping it.

DockerServerTestCase is the base of test classes whose tasks really run: it requires Docker and
removes what the class's tasks left behind.

The rest are small wrappers: tagging images, inspecting containers, and the leftover check --
minecs labels everything it creates with minecs.instance=<per-data-dir id> and
com.amazonaws.ecs.task-arn=<task ARN>, so those labels find what a test left behind. The ones
that tests call in polling loops ask the Engine API (where DOCKER_HOST points, as the CLI): the
docker CLI, once per call, was 945 processes and 67 CPU-seconds of a CI run on two cores. The CLI
stays for the rest.
"""
import http.client
import json
import os
import socket
import subprocess
import unittest
import urllib.parse

from harness import ServerTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEST_IMAGE = "minecs-test/busybox:latest"
INSTANCE_LABEL = "minecs.instance"
TASK_ARN_LABEL = "com.amazonaws.ecs.task-arn"

_state = {"checked": False, "error": None}


def docker_required():
    return os.environ.get("MINECS_REQUIRE_DOCKER", "") == "1"


def _run_script(name, *args, timeout=300):
    path = os.path.join(ROOT, "scripts", name)
    r = subprocess.run([path, *args], capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{name} failed ({r.returncode}): {r.stderr.strip()[-2000:]}")


def require_docker():
    """Makes sure dockerd answers and TEST_IMAGE exists; else SkipTest, or fails if required."""
    if not _state["checked"]:
        _state["checked"] = True
        try:
            _run_script("ensure-dockerd.sh")
            _run_script("make-test-image.sh")
            docker("image", "inspect", TEST_IMAGE)
        except (OSError, RuntimeError, subprocess.SubprocessError) as e:
            _state["error"] = f"Docker is not available: {e}"
    if _state["error"]:
        if docker_required():
            raise RuntimeError(_state["error"] + " (MINECS_REQUIRE_DOCKER=1)")
        raise unittest.SkipTest(_state["error"])


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.socket_path)


def _engine_connection(timeout):
    """A connection to the daemon DOCKER_HOST names, as the docker CLI reads it."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if host.startswith("unix://"):
        return _UnixConnection(host.removeprefix("unix://"), timeout)
    if host.startswith("tcp://"):
        return http.client.HTTPConnection(host.removeprefix("tcp://"), timeout=timeout)
    raise RuntimeError(f"DOCKER_HOST={host}: the tests speak to unix:// and tcp:// daemons")


def engine(method, path, query=None, timeout=60):
    """One Engine API request: (status, parsed JSON body or None)."""
    if query:
        path += "?" + urllib.parse.urlencode(query)
    conn = _engine_connection(timeout)
    try:
        conn.request(method, path)
        r = conn.getresponse()
        body = r.read()
        return r.status, json.loads(body) if body.strip() else None
    finally:
        conn.close()


def docker(*args, check=True, timeout=60):
    """Runs the docker CLI; returns stdout (stripped). Raises RuntimeError when check fails."""
    r = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout.strip()


def tag_image(src, dst):
    """docker tag SRC DST, e.g. the test image as demo:latest for an ECR-URI task definition."""
    docker("tag", src, dst)
    return dst


def remove_image(name):
    """Removes a tag (not the image it points to while other tags remain); absent is fine."""
    try:
        engine("DELETE", f"/images/{urllib.parse.quote(name, safe='')}")
    except OSError:
        pass  # no daemon: nothing to remove


def inspect(container):
    """docker inspect of one container, as a dict; None when it does not exist."""
    try:
        status, info = engine("GET", f"/containers/{urllib.parse.quote(container)}/json")
    except OSError:
        return None
    return info if status == 200 else None


def containers_with_label(key, value=None, running_only=False):
    """Ids of containers that carry label KEY (=VALUE when given), stopped ones too unless
    running_only."""
    selector = key if value is None else f"{key}={value}"
    query = {"filters": json.dumps({"label": [selector]})}
    if not running_only:
        query["all"] = "1"
    status, listed = engine("GET", "/containers/json", query)
    if status != 200:
        raise RuntimeError(f"listing containers of {selector}: {status} {listed}")
    return [c["Id"] for c in listed]


def labels_of(container):
    info = inspect(container)
    return (info or {}).get("Config", {}).get("Labels") or {}


def containers_of_task(task_arn, running_only=False):
    return containers_with_label(TASK_ARN_LABEL, task_arn, running_only=running_only)


def instances_of_tasks(task_arns):
    """The minecs.instance ids on the containers of these tasks (how a test learns its server's
    instance id without knowing how minecs derives it)."""
    found = set()
    for arn in task_arns:
        for c in containers_of_task(arn):
            value = labels_of(c).get(INSTANCE_LABEL)
            if value:
                found.add(value)
    return found


def leftover_containers(instance, running_only=False):
    """Containers (ids) minecs instance INSTANCE created that still exist: the cleanup check.

    Returns a list of (id, name, state, task ARN) for a readable assertion message."""
    ids = containers_with_label(INSTANCE_LABEL, instance, running_only=running_only)
    out = []
    for c in ids:
        info = inspect(c)
        if info is None:  # removed meanwhile
            continue
        out.append((c[:12], info.get("Name", ""), info.get("State", {}).get("Status"),
                    (info.get("Config", {}).get("Labels") or {}).get(TASK_ARN_LABEL)))
    return out


def force_remove(ids):
    """docker rm -f, the last resort of a test's cleanup (not an assertion)."""
    for c in ids or []:
        try:
            engine("DELETE", f"/containers/{c}", {"force": "1"}, timeout=120)
        except OSError:
            pass  # no daemon: nothing to remove


def remove_instance_containers(instance):
    force_remove(containers_with_label(INSTANCE_LABEL, instance))
    # The per-task networks minecs may have made for the same instance.
    out = docker("network", "ls", "-q", "--filter", f"label={INSTANCE_LABEL}={instance}",
                 check=False)
    if out:
        docker("network", "rm", *out.split(), check=False)


class DockerServerTestCase(ServerTestCase):
    """A ServerTestCase whose tasks run on Docker: skipped (or failed) without Docker, as
    require_docker() says. Tests add the ARNs of the tasks they saw to seen_tasks (see
    remember_tasks); after the class, the containers and networks of the server's instance and
    of those tasks are removed, whatever the tests left."""

    @classmethod
    def setUpClass(cls):
        require_docker()
        super().setUpClass()
        cls.seen_tasks = set()

    @classmethod
    def tearDownClass(cls):
        instances = instances_of_tasks(cls.seen_tasks)
        super().tearDownClass()
        for instance in instances:
            remove_instance_containers(instance)
        for arn in cls.seen_tasks:
            force_remove(containers_of_task(arn))

    def server_running(self):
        return self.server.proc is not None and self.server.proc.poll() is None

    def remember_tasks(self, cluster):
        """Adds every task of CLUSTER to seen_tasks, while the server runs and the cluster
        exists (a test may delete its cluster once its tasks stopped)."""
        if not self.server_running():
            return
        for state in ("RUNNING", "STOPPED"):
            try:
                type(self).seen_tasks.update(
                    self.ecs.list_tasks(cluster=cluster, desiredStatus=state)["taskArns"])
            except self.ecs.exceptions.ClusterNotFoundException:
                return
