"""awslogs: what task containers print lands in minecs's CloudWatch Logs API, as ECS's driver does.

Real busybox tasks on the local Docker Engine write to stdout and stderr; the lines are read back
with boto3 (GetLogEvents) and AWS CLI v2 (`aws logs tail`). A missing log group stops the task as
ECS does, and restarting minecs while a task logs neither loses nor repeats a line.
"""
import os
import subprocess
import time
import unittest
import uuid

from docker_env import inspect
from harness import AWS_CLI_V2, CREDENTIALS, REGION, wait_for
from task_harness import EXECUTION_ROLE, AWSVPC, DockerTaskTestCase, container

EC2_MISSING_GROUP = (
    "CannotStartContainerError: Error response from daemon: failed to initialize logging driver: "
    "failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group "
    "does not exist.")
FARGATE_MISSING_GROUP = (
    "ResourceInitializationError: failed to validate logger args: create stream has been retried "
    "1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified "
    "log group does not exist. : exit status 1")


def ms(dt):
    return int(dt.timestamp() * 1000)


class AwslogsTestCase(DockerTaskTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logs = cls.server.client("logs")

    def setUp(self):
        super().setUp()
        self.group = "/ecs/awslogs-" + uuid.uuid4().hex[:8]

    def awslogs(self, create_group=True, prefix="web", group=None):
        options = {"awslogs-group": group or self.group, "awslogs-region": REGION}
        if prefix:
            options["awslogs-stream-prefix"] = prefix
        if create_group:
            options["awslogs-create-group"] = "true"
        return {"logDriver": "awslogs", "options": options}

    def run_logging(self, script, family="logger", **options):
        cluster = self.new_cluster()
        self.register(family, [{"name": "app", "command": ["sh", "-c", script],
                                "logConfiguration": self.awslogs(**options)}])
        task = self.run_one(cluster, family)
        return cluster, task["taskArn"]

    def events(self, stream, group=None):
        out, token = [], None
        while True:
            kwargs = {"logGroupName": group or self.group, "logStreamName": stream,
                      "startFromHead": True}
            if token:
                kwargs["nextToken"] = token
            r = self.logs.get_log_events(**kwargs)
            out += r["events"]
            if not r["events"] or r["nextForwardToken"] == token:
                return out
            token = r["nextForwardToken"]

    def wait_events(self, stream, count, timeout=30):
        found = {}

        def enough():
            try:
                found["events"] = self.events(stream)
            except self.logs.exceptions.ResourceNotFoundException:
                return False
            return len(found["events"]) >= count

        wait_for(enough, timeout=timeout, message=f"{count} events in {stream}")
        return found["events"]


class CaptureTest(AwslogsTestCase):

    def test_stdout_and_stderr_in_order_with_docker_timestamps(self):
        cluster, arn = self.run_logging(
            "echo one; sleep 0.3; echo two >&2; sleep 1; echo three; sleep 0.3; echo four >&2")
        t = self.wait_status(cluster, arn, "STOPPED")
        self.assertEqual(t["stopCode"], "EssentialContainerExited")
        task_id = arn.split("/")[-1]
        stream = f"web/app/{task_id}"

        events = self.wait_events(stream, 4)
        self.assertEqual([e["message"] for e in events], ["one", "two", "three", "four"])
        stamps = [e["timestamp"] for e in events]
        self.assertEqual(stamps, sorted(stamps))
        # Docker's own times: inside the container's run, and the sleep shows between lines.
        self.assertGreaterEqual(stamps[0], ms(t["startedAt"]) - 1000)
        self.assertLessEqual(stamps[-1], ms(t["executionStoppedAt"]) + 1000)
        self.assertGreaterEqual(stamps[2] - stamps[1], 900)
        for e in events:
            self.assertGreaterEqual(e["ingestionTime"], e["timestamp"])

        streams = self.logs.describe_log_streams(logGroupName=self.group)["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], [stream])
        self.assertEqual(streams[0]["firstEventTimestamp"], stamps[0])
        self.assertEqual(streams[0]["lastEventTimestamp"], stamps[-1])

        # AWS CLI v2: `aws logs tail` prints "<time> <stream> <message>" per event.
        env = dict(os.environ, **CREDENTIALS, AWS_DEFAULT_REGION=REGION, AWS_PAGER="")
        env.pop("AWS_PROFILE", None)
        r = subprocess.run([AWS_CLI_V2, "--endpoint-url", self.server.endpoint, "--color", "off",
                            "logs", "tail", self.group, "--since", "1h"],
                           capture_output=True, text=True, env=env, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual([l.split(" ", 2)[2] for l in lines], ["one", "two", "three", "four"])
        self.assertTrue(all(l.split(" ")[1] == stream for l in lines), lines)

    def test_a_container_that_exits_at_once_loses_nothing(self):
        cluster, arn = self.run_logging(
            "i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo line-$i; done; echo last >&2",
            family="burst")
        self.wait_status(cluster, arn, "STOPPED")
        events = self.wait_events(f"web/app/{arn.split('/')[-1]}", 301)
        messages = [e["message"] for e in events]
        # Docker stamps each pipe as it reads it: within a burst, the stderr line may come first.
        self.assertEqual([m for m in messages if m != "last"],
                         [f"line-{i}" for i in range(1, 301)])
        self.assertEqual(messages.count("last"), 1)

    def test_a_last_line_without_newline_arrives_once(self):
        # Docker may end its follow stream before such a line (moby/moby#43860); six short tasks
        # at once made it miss 1-4 of them before minecs read the log once more at the end.
        cluster = self.new_cluster()
        self.register("nonewline", [{"name": "app",
                                     "command": ["sh", "-c", "printf last-line-without-newline"],
                                     "logConfiguration": self.awslogs()}])
        tasks = self.run_task(cluster, "nonewline", count=6)
        self.assertEqual(len(tasks), 6)
        for t in tasks:
            self.wait_status(cluster, t["taskArn"], "STOPPED")
        for t in tasks:
            events = self.wait_events(f"web/app/{t['taskArn'].split('/')[-1]}", 1, timeout=10)
            self.assertEqual([e["message"] for e in events], ["last-line-without-newline"])

    def test_a_line_over_the_event_limit_is_split(self):
        # 1,100,000 characters: Docker cuts it into 16 KiB pieces, minecs joins them and cuts
        # where Docker's awslogs driver does (256 KiB less 26 bytes per event).
        cluster, arn = self.run_logging(
            "head -c 1100000 /dev/zero | tr '\\0' x; echo; echo after", family="longline")
        self.wait_status(cluster, arn, "STOPPED")
        events = self.wait_events(f"web/app/{arn.split('/')[-1]}", 6)
        self.assertEqual([len(e["message"]) for e in events], [262118] * 4 + [51528, 5])
        self.assertEqual(set(events[0]["message"]), {"x"})
        self.assertEqual(events[5]["message"], "after")

    def test_without_a_prefix_the_stream_is_the_container_id(self):
        cluster, arn = self.run_logging("echo hi", family="noprefix", prefix=None)
        t = self.wait_status(cluster, arn, "STOPPED")
        runtime_id = container(t, "app")["runtimeId"]
        events = self.wait_events(runtime_id, 1)
        self.assertEqual([e["message"] for e in events], ["hi"])

    def test_an_existing_group_is_used_without_create_group(self):
        self.logs.create_log_group(logGroupName=self.group)
        cluster, arn = self.run_logging("echo present", family="existing", create_group=False)
        self.wait_status(cluster, arn, "STOPPED")
        events = self.wait_events(f"web/app/{arn.split('/')[-1]}", 1)
        self.assertEqual(events[0]["message"], "present")

    def test_other_log_drivers_go_to_docker_unchanged(self):
        cluster = self.new_cluster()
        self.register("jsonfile", [{"name": "app", "command": ["sh", "-c", "echo plain"],
                                    "logConfiguration": {"logDriver": "json-file",
                                                         "options": {"max-size": "1m"}}}])
        arn = self.run_one(cluster, "jsonfile")["taskArn"]
        t = self.wait_status(cluster, arn, "STOPPED")
        info = inspect(container(t, "app")["runtimeId"])
        self.assertEqual(info["HostConfig"]["LogConfig"],
                         {"Type": "json-file", "Config": {"max-size": "1m"}})
        self.assertEqual(self.logs.describe_log_groups()["logGroups"], [])


class MissingGroupTest(AwslogsTestCase):

    def check_failed(self, t, reason):
        self.assertEqual(t["stopCode"], "TaskFailedToStart")
        self.assertEqual(t["stoppedReason"], reason)
        self.assertEqual(container(t, "app")["reason"], reason)
        self.assertNotIn("startedAt", t)
        groups = self.logs.describe_log_groups(logGroupNamePrefix=self.group)["logGroups"]
        self.assertEqual(groups, [])

    def test_ec2_task_stops_with_ecs_reason(self):
        cluster, arn = self.run_logging("echo never", family="nogroup", create_group=False)
        self.check_failed(self.wait_status(cluster, arn, "STOPPED"), EC2_MISSING_GROUP)

    def test_fargate_task_stops_with_ecs_reason(self):
        cluster = self.new_cluster()
        self.register("nogroupfg", [{"name": "app", "command": ["sh", "-c", "echo never"],
                                     "logConfiguration": self.awslogs(create_group=False)}],
                      fargate=True, executionRoleArn=EXECUTION_ROLE)
        arn = self.run_one(cluster, "nogroupfg", launchType="FARGATE",
                           networkConfiguration=AWSVPC)["taskArn"]
        self.check_failed(self.wait_status(cluster, arn, "STOPPED"), FARGATE_MISSING_GROUP)


class RestartWhileLoggingTest(AwslogsTestCase):

    def survive(self, stop):
        # About 6 s of one line every 0.1 s; minecs is down for about 2 s in the middle.
        cluster, arn = self.run_logging(
            "i=0; while [ $i -lt 60 ]; do i=$((i+1)); echo tick-$i; sleep 0.1; done",
            family="ticker")
        self.wait_status(cluster, arn, "RUNNING")
        stream = f"web/app/{arn.split('/')[-1]}"
        self.wait_events(stream, 10)
        stop()
        time.sleep(2)
        self.server.start()
        self.wait_status(cluster, arn, "STOPPED", timeout=60)
        events = self.wait_events(stream, 60)
        time.sleep(1)  # nothing more may come
        events = self.events(stream)
        self.assertEqual([e["message"] for e in events], [f"tick-{i}" for i in range(1, 61)])

    def test_restart_after_sigterm(self):
        self.survive(lambda: self.assertEqual(self.server.stop(), 0))

    def test_restart_after_sigkill(self):
        self.survive(self.server.kill)


if __name__ == "__main__":
    unittest.main()
