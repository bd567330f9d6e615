"""Containers of a running task: dependsOn start order (SUCCESS, COMPLETE, START, HEALTHY),
health checks, container overrides, awsvpc and bridge networking with port bindings, and an image
that cannot be pulled.

Real containers on the local Docker Engine, as in test_tasks (see docker_env.require_docker). Each
test asserts what ECS reports (exit codes, health, bindings) and, for start order, the times
Docker recorded for the containers minecs created.
"""
import datetime
import unittest
import urllib.request

from docker_env import inspect
from harness import wait_for
from task_harness import AWSVPC, LONG, DockerTaskTestCase, container


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


if __name__ == "__main__":
    unittest.main()
