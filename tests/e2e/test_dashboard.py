"""The dashboard: minecs serves it from its binary, and a user in headless Chromium goes from a
cluster to its service to the service's task and reads the task's awslogs line, live.

The browser is Debian's /usr/bin/chromium driven by playwright-core (tests/e2e/ui/, installed with
`npm ci` on first use; no browser is downloaded). Without chromium, node or npm the browser test is
skipped and says why -- unless MINECS_REQUIRE_DOCKER=1 (CI), where that is a failure, as a missing
Docker is. Screenshots are kept in $MINECS_ARTIFACT_DIR, else beside the minecs binary.
"""
import http.client
import json
import os
import shutil
import subprocess
import unittest
import uuid

from docker_env import docker_required
from harness import MINECS_BIN, REGION, wait_for
from task_harness import DockerTaskTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
UI_DIR = os.path.join(HERE, "ui")
CHROMIUM = os.environ.get("MINECS_CHROMIUM", "/usr/bin/chromium")


def browser_tools_missing():
    """Why the browser test cannot run here, or None."""
    missing = [name for name, path in (("chromium", CHROMIUM), ("node", shutil.which("node")),
                                       ("npm", shutil.which("npm")))
               if not path or not os.access(path, os.X_OK)]
    if missing:
        return (f"{', '.join(missing)} not installed (scripts/setup.sh --test installs "
                "chromium and nodejs)")
    return None


def ensure_playwright():
    """`npm ci` of tests/e2e/ui unless node_modules already holds the locked playwright-core."""
    with open(os.path.join(UI_DIR, "package-lock.json")) as f:
        locked = json.load(f)["packages"]["node_modules/playwright-core"]["version"]
    installed = os.path.join(UI_DIR, "node_modules", "playwright-core", "package.json")
    if os.path.exists(installed):
        with open(installed) as f:
            if json.load(f).get("version") == locked:
                return
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"], cwd=UI_DIR,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"npm ci in {UI_DIR} failed: {r.stderr.strip()[-1500:]}")


def artifact_dir():
    base = os.environ.get("MINECS_ARTIFACT_DIR") or os.path.dirname(os.path.abspath(MINECS_BIN))
    path = os.path.join(base, "dashboard")
    os.makedirs(path, exist_ok=True)
    return path


class DashboardTest(DockerTaskTestCase):

    def get(self, path, accept=None):
        """One GET, redirects not followed: (status, headers, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("GET", path, headers={"Accept": accept} if accept else {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
        finally:
            conn.close()

    def test_served_from_the_binary_and_a_browser_at_the_root_is_sent_there(self):
        status, headers, body = self.get("/_minecs/ui/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        self.assertIn('src="js/app.js"', body)
        status, headers, _ = self.get("/_minecs/ui/js/app.js")
        self.assertEqual((status, headers["content-type"]),
                         (200, "text/javascript; charset=utf-8"))
        status, headers, _ = self.get("/", accept="text/html,application/xhtml+xml,*/*;q=0.8")
        self.assertEqual((status, headers.get("location")), (302, "/_minecs/ui/"))
        # An API client's GET / is what it was: no such operation.
        status, headers, body = self.get("/", accept="application/json")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["__type"], "UnknownOperationException")
        self.assertEqual(self.get("/_minecs/ui/missing.js")[0], 404)
        # The API still answers beside it.
        self.assertIn("clusterArns", self.ecs.list_clusters())

    def test_cluster_to_service_to_task_shows_the_log_line_live(self):
        missing = browser_tools_missing()
        if missing:
            if docker_required():
                self.fail(f"no browser test: {missing} (MINECS_REQUIRE_DOCKER=1 requires it)")
            self.skipTest(f"no browser test: {missing}")
        try:
            ensure_playwright()
        except (OSError, RuntimeError, subprocess.SubprocessError) as e:
            if docker_required():
                raise
            self.skipTest(f"no browser test: {e}")

        cluster = self.new_cluster()
        group = "/ecs/dashboard-" + uuid.uuid4().hex[:8]
        logs = self.server.client("logs")
        logs.create_log_group(logGroupName=group)
        line = "hello from the dashboard " + uuid.uuid4().hex[:8]
        self.register("dash", [{
            "name": "app",
            "command": ["sh", "-c", f"echo '{line}'; trap 'exit 0' TERM; sleep 600 & wait"],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": group, "awslogs-region": REGION,
                "awslogs-stream-prefix": "web"}},
        }])
        self.ecs.create_service(cluster=cluster, serviceName="web", taskDefinition="dash",
                                desiredCount=1, launchType="EC2")
        try:
            self.browse(cluster, group, line)
        finally:
            # Before tearDown stops the task, so that the service does not replace it.
            self.ecs.delete_service(cluster=cluster, service="web", force=True)

    def browse(self, cluster, group, line):
        arns = wait_for(lambda: self.ecs.list_tasks(cluster=cluster,
                                                    serviceName="web")["taskArns"],
                        timeout=20, message="the service's task")
        self.launched += arns
        self.wait_status(cluster, arns[0], "RUNNING", timeout=30)
        stream = f"web/app/{arns[0].split('/')[-1]}"

        # Chromium drops the requests in flight (net::ERR_NETWORK_CHANGED) when the host's
        # addresses change, and the tests beside this one make and remove Docker networks and
        # balancer addresses all the time: such a run is tried again, anything else fails.
        for attempt in range(3):
            args = {"endpoint": self.server.endpoint, "cluster": cluster, "service": "web",
                    "group": group, "stream": stream, "line": line, "artifacts": artifact_dir(),
                    "attempt": attempt}
            r = subprocess.run(["node", os.path.join(UI_DIR, "dashboard.mjs"), json.dumps(args)],
                               cwd=UI_DIR, capture_output=True, text=True, timeout=90)
            if r.returncode == 0 or "net::ERR_NETWORK_CHANGED" not in r.stderr:
                break
            print(f"browser run {attempt + 1}: the host's network changed under it; again")
        self.assertEqual(r.returncode, 0, f"browser run failed:\n{r.stdout}\n{r.stderr}")
        shots = json.loads(r.stdout.strip().splitlines()[-1])["screenshots"]
        for shot in shots:
            self.assertGreater(os.path.getsize(shot), 1000)
            print(f"dashboard screenshot: {shot}")

if __name__ == "__main__":
    unittest.main()
