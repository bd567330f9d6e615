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
dockerd's whole CPU over the same spans are shown beside it. Each pass's wall time (from its debug
line) is reported too: a pass has to fit in the window, and a pass counts for the span it started
in, however long after the span it ends.
  bench/scaling_bench.py --binary build/minecs --tasks 100 --window 5
"""

from __future__ import annotations

import argparse
import dataclasses
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


@dataclasses.dataclass
class Span:
    """One measured span: minecs's and dockerd's CPU (% of one core) over its wall-clock bounds,
    and the scaler's passes that started inside it (measured() fills those in)."""
    minecs: float
    dockerd: float
    start: datetime.datetime
    end: datetime.datetime
    cpu_ms: float = 0.0
    containers: int = 0
    walls: list = dataclasses.field(default_factory=list)  # each pass's wall time, seconds

    def measuring(self) -> float:
        """The scaler's CPU while it measured, as % of a core over the span."""
        return 100 * self.cpu_ms / 1000 / (self.end - self.start).total_seconds()


def cpu_over(m: common.Minecs, seconds: float) -> Span:
    """Over `seconds`: minecs's and dockerd's CPU as % of one core, and the span's wall-clock
    bounds, to which measured() later assigns the scaler's passes."""
    dpid = dockerd_pid()
    c0, d0, t0 = m.cpu_seconds(), proc_cpu_seconds(dpid or 1), time.monotonic()
    w0 = datetime.datetime.now()
    time.sleep(seconds)
    c1, d1, t1 = m.cpu_seconds(), proc_cpu_seconds(dpid or 1), time.monotonic()
    w1 = datetime.datetime.now()
    return Span(100 * (c1 - c0) / (t1 - t0), 100 * (d1 - d0) / (t1 - t0), w0, w1)


PASS = re.compile(r"^(\S+) debug scaling: measured (\d+) containers in ([\d.]+) ms of CPU"
                  r"(?:, ([\d.]+) s of wall time)?")


def measured(lines: list[str], spans: list[Span]) -> None:
    """Adds to each span the passes of the scaler that started inside it, from its debug lines:
    the line's timestamp is when the pass ended (not when the pipe delivered it), less the pass's
    wall time is when it started. A pass belongs to the span it started in even when it ends
    after it: counted by their ends, passes longer than a span were never counted at all."""
    for line in lines:
        found = PASS.search(line)
        if not found:
            continue
        wall = float(found.group(4) or 0)
        began = datetime.datetime.fromisoformat(found.group(1)) - datetime.timedelta(seconds=wall)
        for span in spans:
            if span.start <= began < span.end:
                span.containers += int(found.group(2))
                span.cpu_ms += float(found.group(3))
                span.walls.append(wall)


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
    bases: list[Span] = []
    scaleds: list[Span] = []
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
    base, base_d = (statistics.median(x.minecs for x in bases),
                    statistics.median(x.dockerd for x in bases))
    scaled, scaled_d = (statistics.median(x.minecs for x in scaleds),
                        statistics.median(x.dockerd for x in scaleds))
    calls = sum(x.containers for x in scaleds)
    spent_ms = sum(x.cpu_ms for x in scaleds)
    walls = [w for x in scaleds for w in x.walls]
    stray = sum(len(x.walls) for x in bases)
    ms_per_call = spent_ms / calls if calls else float("nan")
    # 100 tasks at the default 60 s window: 100 calls a minute.
    at_default = ms_per_call * 100 / 60 / 1000 * 100
    lines = [f"# Scaling measurement cost: {args.tasks} running tasks",
             "", f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}, `{args.binary}`, "
             f"--scaling-window-seconds {args.window}, {args.rounds} rounds of {args.seconds:g} s "
             f"per measurement (medians), {still} tasks running at the end; load average "
             f"{os.getloadavg()[0]:.1f} at the end.", "",
             "| round | policy | minecs % of a core | of which measuring | passes | dockerd % |",
             "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for r, (b, sc) in enumerate(zip(bases, scaleds), 1):
        lines.append(f"| {r} | none | {b.minecs:.2f} | {b.measuring():.3f} | {len(b.walls)} "
                     f"| {b.dockerd:.2f} |")
        lines.append(f"| {r} | CPU target tracking | {sc.minecs:.2f} | {sc.measuring():.3f} "
                     f"| {len(sc.walls)} | {sc.dockerd:.2f} |")
    if walls:
        wall_line = (f"A pass (every container of the service, one stats call each) took "
                     f"{statistics.median(walls):.2f} s of wall time (median of {len(walls)}; "
                     f"{min(walls):.2f} to {max(walls):.2f} s) for {calls / len(walls):.0f} "
                     f"containers.")
    else:
        wall_line = "No pass of the scaler started inside the spans with the policy."
    lines += ["", f"The scaler took {calls} one-shot stats samples in {len(walls)} passes for "
              f"{spent_ms:.1f} ms of its thread's CPU: {ms_per_call:.3f} ms a sample "
              f"(the Docker call and the reading). 100 tasks at the default 60 s window: "
              f"{at_default:.4f} % of a core; at a 1 s window, {at_default * 60:.2f} %. "
              f"minecs as a whole: {scaled - base:+.2f} % (noise included), dockerd "
              f"{scaled_d - base_d:+.2f} %.", "", wall_line]
    if stray:
        lines += ["", f"{stray} passes started in the spans without a policy (a deletion late "
                  "to take effect?)."]
    common.emit_report(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
