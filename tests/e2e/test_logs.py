"""CloudWatch Logs on the minecs port, through boto3 and AWS CLI v2 (aws logs tail included)."""
import os
import queue
import subprocess
import threading
import time
import unittest

from harness import AWS_CLI_V2, CREDENTIALS, REGION, ServerTestCase

ACCOUNT = "000000000000"
DAY_MS = 86_400_000


def now_ms():
    return int(time.time() * 1000)


def group_arn(name):
    return f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}"


class LogsTestCase(ServerTestCase):
    server_args = ("--no-docker=true",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logs = cls.server.client("logs")

    def make_stream(self, group, stream):
        existing = self.logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
        if not any(g["logGroupName"] == group for g in existing):
            self.logs.create_log_group(logGroupName=group)
        self.logs.create_log_stream(logGroupName=group, logStreamName=stream)

    def put(self, group, stream, messages, start=None):
        start = now_ms() if start is None else start
        events = [{"timestamp": start + i, "message": m} for i, m in enumerate(messages)]
        return self.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)

    def cli_env(self):
        env = dict(os.environ)
        env.update(CREDENTIALS)
        env.update({"AWS_DEFAULT_REGION": REGION, "AWS_PAGER": "", "PYTHONUNBUFFERED": "1"})
        env.pop("AWS_PROFILE", None)
        return env

    def cli_args(self, *args):
        return [AWS_CLI_V2, "--endpoint-url", self.server.endpoint, "--color", "off", *args]

    def tail(self, *args):
        """`aws logs tail` writes text, not JSON: its stdout lines."""
        r = subprocess.run(self.cli_args("logs", "tail", *args), capture_output=True, text=True,
                           env=self.cli_env(), timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.splitlines()


class GroupsAndStreamsTest(LogsTestCase):
    def test_describe_log_groups_shape_and_paging(self):
        for name in ["/ecs/a", "/ecs/b", "/ecs/c", "/other"]:
            self.logs.create_log_group(logGroupName=name, tags={"env": "dev"})
        g = self.logs.describe_log_groups(logGroupNamePrefix="/ecs/a")["logGroups"][0]
        self.assertEqual(g["arn"], group_arn("/ecs/a") + ":*")
        self.assertEqual(g["logGroupArn"], group_arn("/ecs/a"))
        self.assertEqual(g["metricFilterCount"], 0)
        self.assertEqual(g["storedBytes"], 0)
        self.assertEqual(g["logGroupClass"], "STANDARD")
        self.assertLess(abs(g["creationTime"] - now_ms()), 60_000)

        pages = list(self.logs.get_paginator("describe_log_groups").paginate(
            logGroupNamePrefix="/ecs/", PaginationConfig={"PageSize": 2}))
        self.assertEqual(len(pages), 2)
        names = [g["logGroupName"] for p in pages for g in p["logGroups"]]
        self.assertEqual(names, ["/ecs/a", "/ecs/b", "/ecs/c"])

        cli = self.server.aws("logs", "describe-log-groups", "--log-group-name-pattern", "OTHER")
        self.assertEqual([g["logGroupName"] for g in cli["logGroups"]], ["/other"])

    def test_streams(self):
        self.make_stream("/app", "b")
        self.make_stream("/app", "a")
        self.put("/app", "b", ["x"])
        streams = self.logs.describe_log_streams(logGroupName="/app")["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], ["a", "b"])
        b = streams[1]
        self.assertEqual(b["arn"], group_arn("/app") + ":log-stream:b")
        for key in ("firstEventTimestamp", "lastEventTimestamp", "lastIngestionTime",
                    "uploadSequenceToken"):
            self.assertIn(key, b)
        by_time = self.logs.describe_log_streams(logGroupName="/app", orderBy="LastEventTime",
                                                 descending=True)["logStreams"]
        self.assertEqual(by_time[0]["logStreamName"], "b")
        self.logs.delete_log_stream(logGroupName="/app", logStreamName="a")
        self.assertEqual(len(self.logs.describe_log_streams(logGroupName="/app")["logStreams"]), 1)
        self.logs.delete_log_group(logGroupName="/app")
        self.assertEqual(self.logs.describe_log_groups()["logGroups"], [])

    def test_errors(self):
        r = self.assertClientError("ResourceNotFoundException", self.logs.create_log_stream,
                                   logGroupName="/missing", logStreamName="s")
        self.assertEqual(r["Error"]["Message"], "The specified log group does not exist.")
        self.logs.create_log_group(logGroupName="/dup")
        self.assertClientError("ResourceAlreadyExistsException", self.logs.create_log_group,
                               logGroupName="/dup")
        self.assertClientError("ResourceNotFoundException", self.logs.put_log_events,
                               logGroupName="/dup", logStreamName="nope",
                               logEvents=[{"timestamp": now_ms(), "message": "x"}])
        self.logs.create_log_stream(logGroupName="/dup", logStreamName="s")
        t = now_ms()
        self.assertClientError("InvalidParameterException", self.logs.put_log_events,
                               logGroupName="/dup", logStreamName="s",
                               logEvents=[{"timestamp": t, "message": "b"},
                                          {"timestamp": t - 1, "message": "a"}])
        self.assertClientError("InvalidParameterException", self.logs.filter_log_events,
                               logGroupName="/dup", filterPattern='{ $.level = "error" }')
        self.assertClientError("InvalidParameterException", self.logs.put_retention_policy,
                               logGroupName="/dup", retentionInDays=2)
        # An operation minecs does not implement says so.
        self.assertClientError("UnsupportedFeatureException", self.logs.put_metric_filter,
                               logGroupName="/dup", filterName="f", filterPattern="ERROR",
                               metricTransformations=[{"metricName": "m",
                                                       "metricNamespace": "n",
                                                       "metricValue": "1"}])

    def test_tags(self):
        self.logs.create_log_group(logGroupName="/tagged", tags={"a": "1"})
        self.logs.tag_resource(resourceArn=group_arn("/tagged"), tags={"b": "2"})
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=group_arn("/tagged"))["tags"],
                         {"a": "1", "b": "2"})
        self.logs.untag_resource(resourceArn=group_arn("/tagged"), tagKeys=["a"])
        self.logs.tag_log_group(logGroupName="/tagged", tags={"c": "3"})
        self.assertEqual(self.logs.list_tags_log_group(logGroupName="/tagged")["tags"],
                         {"b": "2", "c": "3"})
        self.assertClientError("ResourceNotFoundException", self.logs.list_tags_for_resource,
                               resourceArn=group_arn("/nope"))


class EventsTest(LogsTestCase):
    def test_put_get_round_trip(self):
        self.make_stream("/rt", "s")
        r = self.put("/rt", "s", ["one", "two", "three"])
        self.assertIn("nextSequenceToken", r)
        self.assertNotIn("rejectedLogEventsInfo", r)
        events = self.logs.get_log_events(logGroupName="/rt", logStreamName="s",
                                          startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in events], ["one", "two", "three"])
        self.assertTrue(all("ingestionTime" in e for e in events))

        cli = self.server.aws("logs", "get-log-events", "--log-group-name", "/rt",
                              "--log-stream-name", "s", "--start-from-head")
        self.assertEqual([e["message"] for e in cli["events"]], ["one", "two", "three"])
        self.assertTrue(cli["nextForwardToken"].startswith("f/"))
        self.assertTrue(cli["nextBackwardToken"].startswith("b/"))

    def test_backward_and_forward_paging(self):
        self.make_stream("/page", "s")
        self.put("/page", "s", [f"m{i}" for i in range(25)], start=now_ms() - 1000)
        tail = self.logs.get_log_events(logGroupName="/page", logStreamName="s", limit=10)
        self.assertEqual([e["message"] for e in tail["events"]], [f"m{i}" for i in range(15, 25)])
        seen = [e["message"] for e in tail["events"]]
        token = tail["nextBackwardToken"]
        while True:
            page = self.logs.get_log_events(logGroupName="/page", logStreamName="s", limit=10,
                                            nextToken=token)
            if page["nextBackwardToken"] == token:
                self.assertEqual(page["events"], [])
                break
            seen = [e["message"] for e in page["events"]] + seen
            token = page["nextBackwardToken"]
        self.assertEqual(seen, [f"m{i}" for i in range(25)])

        forward = tail["nextForwardToken"]
        idle = self.logs.get_log_events(logGroupName="/page", logStreamName="s",
                                        nextToken=forward, startFromHead=True)
        self.assertEqual(idle["events"], [])
        self.assertEqual(idle["nextForwardToken"], forward)
        self.put("/page", "s", ["late"])
        fresh = self.logs.get_log_events(logGroupName="/page", logStreamName="s",
                                         nextToken=forward, startFromHead=True)
        self.assertEqual([e["message"] for e in fresh["events"]], ["late"])

    def test_filter(self):
        self.make_stream("/f", "web")
        self.make_stream("/f", "worker")
        t = now_ms() - 1000
        self.put("/f", "web", ["INFO up", "ERROR db down"], start=t)
        self.put("/f", "worker", ["WARN slow", "ERROR queue full"], start=t + 10)
        r = self.logs.filter_log_events(logGroupName="/f", filterPattern="ERROR")
        self.assertEqual([(e["logStreamName"], e["message"]) for e in r["events"]],
                         [("web", "ERROR db down"), ("worker", "ERROR queue full")])
        for e in r["events"]:
            self.assertIn("eventId", e)
            self.assertIn("ingestionTime", e)
        self.assertEqual(sorted(s["logStreamName"] for s in r["searchedLogStreams"]),
                         ["web", "worker"])
        any_of = self.logs.filter_log_events(logGroupName="/f", filterPattern="?WARN ?up")
        self.assertEqual([e["message"] for e in any_of["events"]], ["INFO up", "WARN slow"])
        phrase = self.logs.filter_log_events(logGroupName="/f", filterPattern='"queue full"',
                                             logStreamNames=["worker"])
        self.assertEqual([e["message"] for e in phrase["events"]], ["ERROR queue full"])
        pages = list(self.logs.get_paginator("filter_log_events").paginate(
            logGroupName="/f", PaginationConfig={"PageSize": 1}))
        self.assertEqual([e["message"] for p in pages for e in p["events"]],
                         ["INFO up", "ERROR db down", "WARN slow", "ERROR queue full"])

    def test_retention(self):
        self.make_stream("/ret", "s")
        self.put("/ret", "s", ["old"], start=now_ms() - 2 * DAY_MS)
        self.put("/ret", "s", ["new"])
        self.logs.put_retention_policy(logGroupName="/ret", retentionInDays=1)
        g = self.logs.describe_log_groups(logGroupNamePrefix="/ret")["logGroups"][0]
        self.assertEqual(g["retentionInDays"], 1)
        events = self.logs.get_log_events(logGroupName="/ret", logStreamName="s")["events"]
        self.assertEqual([e["message"] for e in events], ["new"])
        t = now_ms()
        r = self.logs.put_log_events(logGroupName="/ret", logStreamName="s", logEvents=[
            {"timestamp": t - DAY_MS - 60_000, "message": "expired"},
            {"timestamp": t - 60_000, "message": "fresh"}])
        self.assertEqual(r["rejectedLogEventsInfo"], {"expiredLogEventEndIndex": 0})
        self.logs.delete_retention_policy(logGroupName="/ret")
        g = self.logs.describe_log_groups(logGroupNamePrefix="/ret")["logGroups"][0]
        self.assertNotIn("retentionInDays", g)


class TailTest(LogsTestCase):
    def test_tail_prints_recent_events(self):
        self.make_stream("/ecs/tail", "ecs/web/1")
        self.put("/ecs/tail", "ecs/web/1", ["hello from web", "second line"],
                 start=now_ms() - 5000)
        lines = self.tail("/ecs/tail", "--since", "1h")
        self.assertEqual(len(lines), 2, lines)
        self.assertTrue(lines[0].endswith(" ecs/web/1 hello from web"), lines)
        self.assertTrue(lines[1].endswith(" ecs/web/1 second line"), lines)
        short = self.tail("/ecs/tail", "--since", "1h", "--format", "short",
                          "--filter-pattern", "second")
        self.assertEqual(len(short), 1, short)
        self.assertTrue(short[0].endswith(" second line"), short)

    def test_tail_follow_shows_new_events(self):
        self.make_stream("/ecs/follow", "s")
        self.put("/ecs/follow", "s", ["before"], start=now_ms() - 1000)
        proc = subprocess.Popen(self.cli_args("logs", "tail", "/ecs/follow", "--follow",
                                              "--since", "10m"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=self.cli_env())
        lines = queue.Queue()

        def pump():
            for line in proc.stdout:
                lines.put(line.rstrip("\n"))

        threading.Thread(target=pump, daemon=True).start()
        try:
            first = lines.get(timeout=60)
            self.assertTrue(first.endswith(" s before"), first)
            for i in range(3):
                self.put("/ecs/follow", "s", [f"after {i}"])
                time.sleep(0.2)
            got = []
            deadline = time.time() + 60
            while len(got) < 3 and time.time() < deadline:
                try:
                    got.append(lines.get(timeout=max(0.1, deadline - time.time())))
                except queue.Empty:
                    break
            self.assertEqual([line.split(" s ", 1)[-1] for line in got],
                             ["after 0", "after 1", "after 2"], got)
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()


if __name__ == "__main__":
    unittest.main()
