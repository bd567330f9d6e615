"""GET /metrics and GET /health: Prometheus counters move with API calls, the task gauge follows a
real task on Docker, awslogs lines are counted, and /health says Docker is reachable."""
import os
import re
import tempfile
import unittest
import urllib.request

from harness import REGION, MinecsServer, wait_for
from task_harness import DockerTaskTestCase

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text):
    """{(name, frozenset(labels)): value} of every sample line."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise AssertionError(f"not a sample line: {line!r}")
        labels = frozenset(LABEL.findall(m.group(2) or ""))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


class MetricsTest(DockerTaskTestCase):

    def scrape(self):
        with urllib.request.urlopen(self.server.endpoint + "/metrics", timeout=10) as r:
            self.assertEqual(r.status, 200)
            self.assertTrue(r.headers["Content-Type"].startswith("text/plain; version=0.0.4"))
            return parse(r.read().decode())

    def test_health_says_docker_is_reachable(self):
        status, _, body = self.server.raw(None, b"", path="/health", method="GET")
        self.assertEqual(status, 200)
        self.assertEqual(body, {"status": "ok", "docker": "reachable"})

    def test_health_says_when_docker_is_unreachable(self):
        missing = os.path.join(tempfile.gettempdir(), f"minecs-no-docker-{os.getpid()}.sock")
        server = MinecsServer("--docker-host", "unix://" + missing, ephemeral=True).start()
        try:
            status, _, body = server.raw(None, b"", path="/health", method="GET")
        finally:
            server.cleanup()
        self.assertEqual(status, 503)
        self.assertEqual((body["status"], body["docker"]), ("unavailable", "unreachable"))
        self.assertIn(missing, body["reason"])

    def test_api_calls_move_the_counters(self):
        before = self.scrape()
        self.ecs.list_clusters()
        self.ecs.list_clusters()
        with self.assertRaises(self.ecs.exceptions.ClientError):
            self.ecs.describe_services(cluster="no-such-cluster", services=["x"])
        self.server.client("logs").describe_log_groups()
        self.server.raw(None, b"", path="/not/a/path", method="GET")
        after = self.scrape()

        def moved(service, operation, status):
            key = {"service": service, "operation": operation, "status": status}
            return (value(after, "minecs_api_requests_total", **key)
                    - value(before, "minecs_api_requests_total", **key))

        self.assertEqual(moved("ecs", "ListClusters", "200"), 2)
        self.assertEqual(moved("ecs", "DescribeServices", "400"), 1)
        self.assertEqual(moved("logs", "DescribeLogGroups", "200"), 1)
        self.assertEqual(moved("minecs", "unknown", "404"), 1)
        count = ("minecs_api_request_duration_seconds_count",
                 {"service": "ecs", "operation": "ListClusters"})
        self.assertEqual(value(after, count[0], **count[1]) - value(before, count[0], **count[1]),
                         2)
        self.assertEqual(value(after, "minecs_build_info", version=self.version()), 1)
        self.assertIn(("minecs_reconciler_queue_depth", frozenset()), after)
        # Starting the server already asked Docker for its version and the holder image.
        self.assertTrue(any(name == "minecs_docker_call_duration_seconds_count" and v > 0
                            for (name, _), v in after.items()))

    def version(self):
        for (name, labels), _ in self.scrape().items():
            if name == "minecs_build_info":
                return dict(labels)["version"]
        raise AssertionError("no minecs_build_info")

    def test_the_task_gauge_follows_a_task_and_its_lines_are_counted(self):
        cluster = self.new_cluster()
        group = "/ecs/metrics-" + cluster
        script = "echo one; echo two; trap 'exit 0' TERM; sleep 600 & wait"
        self.register("metrics", [{"name": "app", "command": ["sh", "-c", script],
                                   "logConfiguration": {"logDriver": "awslogs", "options": {
                                       "awslogs-group": group, "awslogs-region": REGION,
                                       "awslogs-stream-prefix": "m",
                                       "awslogs-create-group": "true"}}}])
        lines_before = value(self.scrape(), "minecs_awslogs_lines_shipped_total")

        def tasks(status):
            return value(self.scrape(), "minecs_tasks", cluster=cluster, last_status=status)

        self.assertEqual(tasks("RUNNING"), 0)
        arn = self.run_one(cluster, "metrics")["taskArn"]
        self.wait_status(cluster, arn, "RUNNING")
        self.assertEqual(tasks("RUNNING"), 1)
        wait_for(lambda: value(self.scrape(), "minecs_awslogs_lines_shipped_total")
                 >= lines_before + 2, timeout=15, message="two awslogs lines counted")
        self.ecs.stop_task(cluster=cluster, task=arn)
        self.wait_status(cluster, arn, "STOPPED")
        self.assertEqual(tasks("STOPPED"), 1)
        self.assertEqual(tasks("RUNNING"), 0)

if __name__ == "__main__":
    unittest.main()
