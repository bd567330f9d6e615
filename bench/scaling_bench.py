#!/usr/bin/env python3
"""What measuring tasks for Application Auto Scaling costs minecs: CPU per running task measured.

One server (--ephemeral) with a service of --tasks (100) long-running bridge tasks. Once they all
run, minecs's CPU (utime+stime of /proc/<pid>/stat, as % of one core) is taken over --seconds (30)
twice: first with no scaling policy (the baseline: reconciler, scheduler, scaler ticks), then with
a target tracking policy on ECSServiceAverageCPUUtilization that never fires (target far above any
reading, min = max = the task count), so that the scaler takes one-shot Docker stats of every
task's container each metric window. The server runs with --scaling-window-seconds --window (5):
shorter than the default 60 s, so the cost shows above the noise; the report also scales it to the
default window (the cost is one stats call per container per window). dockerd's CPU over the same
spans is shown for scale: Docker does most of the work of a stats call.
  bench/scaling_bench.py --binary build/minecs --tasks 100 --window 5
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
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


def cpu_over(m: common.Minecs, seconds: float) -> tuple[float, float]:
    dpid = dockerd_pid()
    c0, d0, t0 = m.cpu_seconds(), proc_cpu_seconds(dpid) if dpid else 0.0, time.monotonic()
    time.sleep(seconds)
    c1, d1, t1 = m.cpu_seconds(), proc_cpu_seconds(dpid) if dpid else 0.0, time.monotonic()
    return 100 * (c1 - c0) / (t1 - t0), (100 * (d1 - d0) / (t1 - t0) if dpid else float("nan"))


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
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="scaling-bench-") as tmp:
        m = common.Minecs(args.binary, Path(tmp), "minecs-scaling-bench-", Path(tmp) / "log",
                          ("--ephemeral", "--scaling-window-seconds", str(args.window)))
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
            time.sleep(5)
            log(f"{args.tasks} tasks run; baseline for {args.seconds:g} s")
            base, base_d = cpu_over(m, args.seconds)
            target = {"ServiceNamespace": "ecs", "ResourceId": f"service/{CLUSTER}/busy",
                      "ScalableDimension": "ecs:service:DesiredCount"}
            autoscaling(m.port, "RegisterScalableTarget",
                        {**target, "MinCapacity": args.tasks, "MaxCapacity": args.tasks})
            autoscaling(m.port, "PutScalingPolicy", {
                **target, "PolicyName": "never", "PolicyType": "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration": {
                    "TargetValue": 1e9, "PredefinedMetricSpecification": {
                        "PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}})
            time.sleep(args.window + 1)
            log(f"measuring every {args.window} s for {args.seconds:g} s")
            scaled, scaled_d = cpu_over(m, args.seconds)
            still = running(m)
            m.client.call("UpdateService", {"cluster": CLUSTER, "service": "busy",
                                            "desiredCount": 0})
            m.client.call("DeleteService", {"cluster": CLUSTER, "service": "busy",
                                            "force": True})
        finally:
            m.stop()
    extra = scaled - base
    at_default = extra * args.window / 60
    lines = [f"# Scaling measurement cost: {args.tasks} running tasks",
             "", f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}, `{args.binary}`, "
             f"--scaling-window-seconds {args.window}, {args.seconds:g} s per measurement, "
             f"{still} tasks running at the end.", "",
             "| | minecs % of one core | dockerd % of one core |", "| --- | ---: | ---: |",
             f"| no policy | {base:.2f} | {base_d:.2f} |",
             f"| CPU policy, window {args.window} s | {scaled:.2f} | {scaled_d:.2f} |",
             "", f"Measuring costs minecs {extra:.2f} % of a core at a {args.window} s window: "
             f"{at_default:.3f} % at the default 60 s window "
             f"(dockerd: {(scaled_d - base_d) * args.window / 60:.2f} %)."]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
