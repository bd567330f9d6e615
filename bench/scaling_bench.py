#!/usr/bin/env python3
"""What measuring tasks for Application Auto Scaling costs minecs: CPU per running task measured.

One server (--ephemeral) with a service of --tasks (100) long-running bridge tasks. Once they all
run, minecs's CPU (utime+stime of /proc/<pid>/stat, as % of one core) is taken over --seconds (30)
twice: first with no scaling policy (the baseline: reconciler, scheduler, scaler ticks), then with
a target tracking policy on ECSServiceAverageCPUUtilization that never fires (target far above any
reading, min = max = the task count), so that the scaler takes one-shot Docker stats of every
task's container each metric window. The server runs with --scaling-window-seconds --window (5):
shorter than the default 60 s, so the cost shows above the noise; the report also scales it to the
default window (the cost is one stats call per container per window). Rounds alternate without and
with the policy, so that a drift of the machine shows in both. The figure that counts comes from
the scaler's debug lines: the CPU time of its thread while it measured (CLOCK_THREAD_CPUTIME_ID)
and how many containers it read, which the noise of a shared machine does not blur; minecs's and
dockerd's whole CPU over the same spans are shown beside it.
  bench/scaling_bench.py --binary build/minecs --tasks 100 --window 5
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from common import COMMAND, IMAGE, logger, proc_cpu_seconds  # noqa: E402
from task_bench import dockerd_pid  # noqa: E402

CLUSTER = "scaling-bench"
log = logger("scaling_bench")


def autoscaling(port: int, operation: str, body: dict) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/", body=json.dumps(body), headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AnyScaleFrontendService." + operation})
        resp = conn.getresponse()
        data = json.loads(resp.read() or b"{}")
        if resp.status != 200:
            raise RuntimeError(f"{operation}: {resp.status} {data}")
        return data
    finally:
        conn.close()


def cpu_over(m: common.Minecs, seconds: float) -> list:
    """Over `seconds`: minecs's and dockerd's CPU as % of one core, and the span's wall-clock
    bounds, to which measured() later assigns the scaler's debug lines."""
    dpid = dockerd_pid()
    c0, d0, t0 = m.cpu_seconds(), proc_cpu_seconds(dpid or 1), time.monotonic()
    w0 = datetime.datetime.now()
    time.sleep(seconds)
    c1, d1, t1 = m.cpu_seconds(), proc_cpu_seconds(dpid or 1), time.monotonic()
    w1 = datetime.datetime.now()
    return [100 * (c1 - c0) / (t1 - t0), 100 * (d1 - d0) / (t1 - t0), 0.0, 0, w0, w1]


def measured(lines: list[str], spans: list[list]) -> None:
    """Adds to each span the CPU the scaler spent measuring (% of a core) and the containers it
    read, from its debug lines, by their timestamps: a pipe delivers minecs's output in chunks,
    later than it was written."""
    for line in lines:
        found = re.search(r"^(\S+) debug scaling: measured (\d+) containers in ([\d.]+) ms",
                          line)
        if not found:
            continue
        when = datetime.datetime.fromisoformat(found.group(1))
        for span in spans:
            if span[4] <= when < span[5]:
                span[3] += int(found.group(2))
                span[2] += 100 * float(found.group(3)) / 1000 / (span[5] - span[4]).total_seconds()


def running(m: common.Minecs) -> int:
    s = m.client.call("DescribeServices", {"cluster": CLUSTER, "services": ["busy"]})
    return s["services"][0]["runningCount"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", type=Path, default=Path("build/minecs"))
    ap.add_argument("--tasks", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--settle", type=float, default=20)
    args = ap.parse_args()
    bases: list[list] = []
    scaleds: list[list] = []
    with tempfile.TemporaryDirectory(prefix="scaling-bench-") as tmp:
        m = common.Minecs(args.binary, Path(tmp), "minecs-scaling-bench-", Path(tmp) / "log",
                          ("--ephemeral", "--scaling-window-seconds", str(args.window),
                           "--log-level", "debug"))
        try:
            m.client.call("CreateCluster", {"clusterName": CLUSTER})
            m.client.call("RegisterTaskDefinition", {
                "family": "busy", "networkMode": "bridge",
                "containerDefinitions": [{"name": "app", "image": IMAGE, "essential": True,
                                          "command": COMMAND, "memory": 16, "cpu": 10,
                                          "stopTimeout": 2}]})
            m.client.call("CreateService", {"cluster": CLUSTER, "serviceName": "busy",
                                            "taskDefinition": "busy", "desiredCount": args.tasks,
                                            "launchType": "EC2"})
            deadline = time.monotonic() + 900
            while running(m) < args.tasks:
                if time.monotonic() > deadline:
                    raise RuntimeError("tasks not RUNNING after 900 s")
                time.sleep(1)
            time.sleep(args.settle)
            target = {"ServiceNamespace": "ecs", "ResourceId": f"service/{CLUSTER}/busy",
                      "ScalableDimension": "ecs:service:DesiredCount"}
            autoscaling(m.port, "RegisterScalableTarget",
                        {**target, "MinCapacity": args.tasks, "MaxCapacity": args.tasks})
            policy = {**target, "PolicyName": "never"}
            for r in range(1, args.rounds + 1):
                log(f"round {r}: no policy for {args.seconds:g} s")
                bases.append(cpu_over(m, args.seconds))
                autoscaling(m.port, "PutScalingPolicy", {
                    **policy, "PolicyType": "TargetTrackingScaling",
                    "TargetTrackingScalingPolicyConfiguration": {
                        "TargetValue": 1e9, "PredefinedMetricSpecification": {
                            "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}})
                time.sleep(args.window + 1)
                log(f"round {r}: measuring every {args.window} s for {args.seconds:g} s")
                scaleds.append(cpu_over(m, args.seconds))
                autoscaling(m.port, "DeleteScalingPolicy", policy)
                time.sleep(args.window + 1)
            still = running(m)
            m.client.call("UpdateService", {"cluster": CLUSTER, "service": "busy",
                                            "desiredCount": 0})
            m.client.call("DeleteService", {"cluster": CLUSTER, "service": "busy",
                                            "force": True})
        finally:
            m.stop()
        # The output pump reads the rest of minecs's output after it exited.
        for _ in range(50):
            count = len(m.lines)
            time.sleep(0.1)
            if len(m.lines) == count:
                break
        measured(m.lines, bases + scaleds)
    base, base_d = (statistics.median(x[i] for x in bases) for i in (0, 1))
    scaled, scaled_d, measuring = (statistics.median(x[i] for x in scaleds) for i in (0, 1, 2))
    calls = sum(x[3] for x in scaleds)
    spent_ms = sum(x[2] * 10 * args.seconds for x in scaleds)  # % of a core over the span -> ms
    ms_per_call = spent_ms / calls if calls else float("nan")
    # 100 tasks at the default 60 s window: 100 calls a minute.
    at_default = ms_per_call * 100 / 60 / 1000 * 100
    lines = [f"# Scaling measurement cost: {args.tasks} running tasks",
             "", f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}, `{args.binary}`, "
             f"--scaling-window-seconds {args.window}, {args.rounds} rounds of {args.seconds:g} s "
             f"per measurement (medians), {still} tasks running at the end; load average "
             f"{os.getloadavg()[0]:.1f} at the end.", "",
             "| round | policy | minecs % of a core | of which measuring | dockerd % |",
             "| ---: | --- | ---: | ---: | ---: |"]
    for r, (b, sc) in enumerate(zip(bases, scaleds), 1):
        lines.append(f"| {r} | none | {b[0]:.2f} | {b[2]:.3f} | {b[1]:.2f} |")
        lines.append(f"| {r} | CPU target tracking | {sc[0]:.2f} | {sc[2]:.3f} | {sc[1]:.2f} |")
    lines += ["", f"The scaler took {calls} one-shot stats samples ({args.tasks / args.window:g} a "
              f"second) for {spent_ms:.1f} ms of its thread's CPU: {ms_per_call:.3f} ms a sample "
              f"(the Docker call and the reading). 100 tasks at the default 60 s window: "
              f"{at_default:.4f} % of a core; at a 1 s window, {at_default * 60:.2f} %. "
              f"minecs as a whole: {scaled - base:+.2f} % (noise included), dockerd "
              f"{scaled_d - base_d:+.2f} %."]
    common.emit_report(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
