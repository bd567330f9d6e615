#!/usr/bin/env python3
"""Idle cost of two minecs builds, side by side in one run: A/B rounds on the same machine.

Each round starts binary A, then binary B, one at a time, each with a fresh data directory: a
cluster, --tasks (200) long-running bridge tasks, a few seconds to settle, then the CPU minecs
uses over --seconds (30), from utime+stime in /proc/<pid>/stat, as % of one core, and dockerd's
over the same window for scale. The tasks are stopped through StopTask and everything the
server made is removed before the next server starts. Rounds alternate A and B so that a drift
of the machine's speed shows up in both. Use it to tell whether a change costs idle CPU, e.g.
a release build against the current one:
  bench/idle_ab.py --a /path/to/old/minecs --b build/minecs
A binary without --ephemeral (releases before the renovation) is started without it; its
containers are removed by their task labels. Prints a markdown report (and writes --out).
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from common import COMMAND, IMAGE, docker, logger, proc_cpu_seconds  # noqa: E402
from task_bench import dockerd_pid, rss_mb  # noqa: E402

CLUSTER = "idle-ab"
log = logger("idle_ab")


def supports_ephemeral(binary: Path) -> bool:
    r = subprocess.run([str(binary), "--help"], capture_output=True, text=True, timeout=30)
    return "--ephemeral" in r.stdout + r.stderr


def remove_task_containers(arns: list[str]) -> int:
    removed = 0
    for arn in arns:
        ids = docker("ps", "-aq", "--filter", f"label=com.amazonaws.ecs.task-arn={arn}",
                     check=False).split()
        if ids:
            docker("rm", "-f", *ids, check=False)
            removed += len(ids)
    return removed


def describe(m: common.Minecs, arns: list[str]) -> list[dict]:
    out = []
    for i in range(0, len(arns), 100):
        out += m.client.call("DescribeTasks", {"cluster": CLUSTER,
                                               "tasks": arns[i:i + 100]})["tasks"]
    return out


def one_server(binary: Path, n: int, seconds: float, workdir: Path) -> dict:
    extra = ("--ephemeral",) if supports_ephemeral(binary) else ()
    m = common.Minecs(binary, workdir, "minecs-idle-ab-", workdir / "minecs.log", extra)
    arns: list[str] = []
    result: dict = {}
    try:
        m.client.call("CreateCluster", {"clusterName": CLUSTER})
        m.client.call("RegisterTaskDefinition", {
            "family": "idle", "networkMode": "bridge",
            "containerDefinitions": [{"name": "app", "image": IMAGE, "essential": True,
                                      "command": COMMAND, "memory": 32, "stopTimeout": 2}]})
        while len(arns) < n:
            out = m.client.call("RunTask", {"cluster": CLUSTER, "taskDefinition": "idle",
                                            "count": min(10, n - len(arns))})
            arns += [t["taskArn"] for t in out["tasks"]]
        deadline = time.monotonic() + 600
        while sum(t["lastStatus"] == "RUNNING" for t in describe(m, arns)) < n:
            if time.monotonic() > deadline:
                raise RuntimeError("tasks not RUNNING after 600 s")
            time.sleep(0.5)
        time.sleep(5)  # the last events settle
        dpid = dockerd_pid()
        cpu0, d0, t0 = m.cpu_seconds(), proc_cpu_seconds(dpid) if dpid else 0.0, time.monotonic()
        time.sleep(seconds)
        cpu1, d1, t1 = m.cpu_seconds(), proc_cpu_seconds(dpid) if dpid else 0.0, time.monotonic()
        result = {"minecs_pct": 100 * (cpu1 - cpu0) / (t1 - t0),
                  "dockerd_pct": 100 * (d1 - d0) / (t1 - t0) if dpid else float("nan"),
                  "rss_mb": rss_mb(m.proc.pid),
                  "running": sum(t["lastStatus"] == "RUNNING" for t in describe(m, arns))}
        for arn in arns:
            m.client.call("StopTask", {"cluster": CLUSTER, "task": arn, "reason": "idle-ab"})
        deadline = time.monotonic() + 300
        while any(t["lastStatus"] != "STOPPED" for t in describe(m, arns)):
            if time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        m.stop()
        removed = remove_task_containers(arns)
        networks = docker("network", "ls", "-q", "--filter",
                          f"label=com.amazonaws.ecs.cluster={CLUSTER}", check=False)
        for net in networks.split():
            docker("network", "rm", net, check=False)
        if docker("network", "ls", "-q", "--filter", f"label=com.amazonaws.ecs.cluster={CLUSTER}",
                  check=False):
            # Seen on Docker 20.10 after 200 containers went at once: the network keeps stale
            # endpoints of removed containers, and only a dockerd restart clears them.
            log("warning: a network is left with stale endpoints; restart dockerd to remove it")
        log(f"cleanup: removed {removed} containers")
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a", type=Path, required=True, help="the first binary (e.g. a release)")
    ap.add_argument("--b", type=Path, required=True, help="the second binary (e.g. build/minecs)")
    ap.add_argument("--tasks", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    rows: list[tuple[str, int, dict]] = []
    with tempfile.TemporaryDirectory(prefix="idle-ab-") as tmp:
        for r in range(1, args.rounds + 1):
            for label, binary in (("A", args.a), ("B", args.b)):
                log(f"round {r}: {label} ({binary}), {args.tasks} tasks")
                work = Path(tmp) / f"{label}{r}"
                work.mkdir()
                rows.append((label, r, one_server(binary, args.tasks, args.seconds, work)))
    lines = [f"# Idle cost A/B: {args.tasks} bridge tasks, {args.seconds:g} s per measurement",
             "", f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}. A = `{args.a}`, B = `{args.b}`.",
             "", "| build | round | minecs % of one core | dockerd % | minecs RSS MiB | running |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, r, res in rows:
        lines.append(f"| {label} | {r} | {res['minecs_pct']:.2f} | {res['dockerd_pct']:.2f} | "
                     f"{res['rss_mb']:.0f} | {res['running']} |")
    for label in ("A", "B"):
        pcts = [res["minecs_pct"] for lab, _, res in rows if lab == label]
        lines.append(f"\n{label}: median {statistics.median(pcts):.2f} % of one core")
    common.emit_report(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
