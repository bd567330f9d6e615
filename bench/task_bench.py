#!/usr/bin/env python3
"""Task start latency and idle cost: minecs against plain `docker run -d`, in one run.

Part 1, start latency. For bursts of 1, 10 and 50 tasks of the same image and command:
  * minecs: time from the first RunTask request (count <= 10 per call, calls back to back) until
    DescribeTasks, polled every 50 ms, reports lastStatus RUNNING for the task (per task, and for
    the whole burst);
  * docker: time from launching `docker run -d` (one CLI process per container, all at once) until
    `docker inspect`, polled every 50 ms, says the container runs.
  Both minecs modes are measured: bridge (EC2 launch type, the closest to `docker run`) and, for
  1 and 10 tasks, awsvpc (FARGATE, with the per-task network-namespace holder).
  Each row is the median of --repeats runs (1-task rows) or one run (bursts).

Part 2, idle cost. --idle-tasks (200) long-running bridge tasks are started and left alone; the
CPU time minecs uses over --idle-seconds (30 s), from utime+stime in /proc/<pid>/stat, is reported
as % of one core (dockerd's over the same window too, for scale).

Everything it starts is stopped and removed at the end (the tasks through StopTask, then every
container labelled with the server's minecs.instance or this bench's label, whatever happened).
Prints a markdown report and writes it to --out. Standard library only.
Entry point for people: bench/task_bench.sh.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from common import (COMMAND, HERE, IMAGE, ROOT, docker, instance_of_task, logger,  # noqa: E402
                    proc_cpu_seconds, remove_labelled)

CLUSTER = "bench"
BENCH_LABEL = "minecs.bench"
POLL = 0.05
# awsvpc tasks run in a subnet made with EC2's CreateSubnet (explicit_subnet), as a stack's are.
BENCH_SUBNET_BLOCK = "172.31.128.0/20"
log = logger("task_bench")


class Minecs(common.Minecs):
    def __init__(self, binary: Path, workdir: Path):
        super().__init__(binary, workdir, "minecs-taskbench-data-", workdir / "minecs.log")
        self.instance_probe: str | None = None  # a task ARN whose containers name the instance


def explicit_subnet(m: Minecs) -> str:
    """A subnet of the default VPC, made through the EC2 API."""
    import boto3  # only here: the rest of the benchmark speaks the wire protocol itself
    ec2 = boto3.client("ec2", endpoint_url=f"http://127.0.0.1:{m.port}", region_name="us-east-1",
                       aws_access_key_id="bench", aws_secret_access_key="bench")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    return ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock=BENCH_SUBNET_BLOCK)["Subnet"]["SubnetId"]


def dockerd_pid() -> int | None:
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "dockerd":
                return int(comm.parent.name)
        except OSError:
            continue
    return None


def describe_all(m: Minecs, arns: list[str]) -> list[dict]:
    tasks = []
    for i in range(0, len(arns), 100):
        tasks += m.client.call("DescribeTasks", {"cluster": CLUSTER,
                                                 "tasks": arns[i:i + 100]})["tasks"]
    return tasks


def run_tasks(m: Minecs, family: str, n: int, extra: dict) -> list[str]:
    arns: list[str] = []
    while len(arns) < n:
        count = min(10, n - len(arns))
        out = m.client.call("RunTask", {"cluster": CLUSTER, "taskDefinition": family,
                                        "count": count, "startedBy": "task-bench", **extra})
        if out.get("failures"):
            raise RuntimeError(f"RunTask failures: {out['failures']}")
        arns += [t["taskArn"] for t in out["tasks"]]
    return arns


def wait_running(m: Minecs, arns: list[str], started: float, timeout: float) -> dict[str, float]:
    """Seconds from `started` until each task is first seen RUNNING, polling every 50 ms."""
    seen: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    while len(seen) < len(arns):
        tick = time.monotonic()
        if tick > deadline:
            raise RuntimeError(f"only {len(seen)}/{len(arns)} tasks RUNNING after {timeout}s")
        for t in describe_all(m, [a for a in arns if a not in seen]):
            if t["lastStatus"] == "RUNNING":
                seen[t["taskArn"]] = time.monotonic() - started
            elif t["lastStatus"] == "STOPPED":
                raise RuntimeError(f"task stopped before running: {t.get('stopCode')} "
                                   f"{t.get('stoppedReason')}")
        time.sleep(max(0.0, POLL - (time.monotonic() - tick)))
    return seen


def stop_tasks(m: Minecs, arns: list[str], timeout: float = 300) -> None:
    for arn in arns:
        m.client.call("StopTask", {"cluster": CLUSTER, "task": arn, "reason": "task-bench"})
    deadline = time.monotonic() + timeout
    left = list(arns)
    while left:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(left)} tasks not STOPPED after {timeout}s")
        left = [t["taskArn"] for t in describe_all(m, left) if t["lastStatus"] != "STOPPED"]
        if left:
            time.sleep(0.2)


def minecs_burst(m: Minecs, family: str, n: int, extra: dict, timeout: float) -> list[float]:
    started = time.monotonic()
    arns = run_tasks(m, family, n, extra)
    times = wait_running(m, arns, started, timeout)
    m.instance_probe = arns[0]
    stop_tasks(m, arns)
    return sorted(times.values())


# --------------------------------------------------------------------------------------------
# docker


def docker_burst(n: int, run_id: str, timeout: float) -> list[float]:
    """Each of n threads runs `docker run -d` and then polls `docker inspect` every 50 ms until
    its container runs; returns the seconds from the common start, sorted."""
    ids: list[str] = []
    started = time.monotonic()

    def launch(_: int) -> float:
        cid = docker("run", "-d", "--label", f"{BENCH_LABEL}={run_id}", IMAGE, *COMMAND)
        ids.append(cid)
        deadline = time.monotonic() + timeout
        while True:
            if docker("inspect", "-f", "{{.State.Running}}", cid) == "true":
                return time.monotonic() - started
            if time.monotonic() > deadline:
                raise RuntimeError(f"docker container {cid[:12]} not running after {timeout}s")
            time.sleep(POLL)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
            times = list(pool.map(launch, range(n)))
    finally:
        if ids:
            docker("rm", "-f", *ids, check=False)
    return sorted(times)


# --------------------------------------------------------------------------------------------
# Cleanup


# --------------------------------------------------------------------------------------------
# Report


def fmt_s(v: float) -> str:
    return f"{v * 1000:,.0f} ms" if v < 10 else f"{v:,.1f} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minecs", type=Path, default=ROOT / "build" / "minecs")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "tasks.md")
    ap.add_argument("--bursts", default="1,10,50")
    ap.add_argument("--awsvpc-bursts", default="1,10")
    ap.add_argument("--repeats", type=int, default=3, help="runs of the 1-task rows (median)")
    ap.add_argument("--idle-tasks", type=int, default=200)
    ap.add_argument("--idle-seconds", type=float, default=30)
    ap.add_argument("--timeout", type=float, default=600, help="per burst, seconds")
    args = ap.parse_args()

    for script in ("ensure-dockerd.sh", "make-test-image.sh"):
        subprocess.run([str(ROOT / "scripts" / script)], check=True, stdout=subprocess.DEVNULL)
    run_id = f"{os.getpid()}-{int(time.time())}"
    workdir = Path(tempfile.mkdtemp(prefix="minecs-taskbench-"))
    log(f"starting {args.minecs} (log in {workdir / 'minecs.log'})")
    m = Minecs(args.minecs, workdir)
    instance = None
    rows: list[tuple[str, int, list[float], list[float] | None]] = []
    idle: dict[str, float] = {}
    failed = None
    try:
        m.client.call("CreateCluster", {"clusterName": CLUSTER})
        awsvpc = {"awsvpcConfiguration": {"subnets": [explicit_subnet(m)],
                                          "assignPublicIp": "DISABLED"}}
        container = {"name": "app", "image": IMAGE, "essential": True, "command": COMMAND,
                     "stopTimeout": 2}
        m.client.call("RegisterTaskDefinition", {
            "family": "bench-bridge", "networkMode": "bridge",
            "containerDefinitions": [{**container, "memory": 32}]})
        m.client.call("RegisterTaskDefinition", {
            "family": "bench-awsvpc", "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
            "containerDefinitions": [container]})
        # Warm-up, not measured: the first task pays for one-time work (holder image, etc.).
        minecs_burst(m, "bench-awsvpc", 1, {"launchType": "FARGATE", "networkConfiguration":
                                            awsvpc}, args.timeout)
        minecs_burst(m, "bench-bridge", 1, {"launchType": "EC2"}, args.timeout)
        docker_burst(1, run_id, args.timeout)

        bursts = [int(x) for x in args.bursts.split(",") if x]
        vpc_bursts = {int(x) for x in args.awsvpc_bursts.split(",") if x}
        for n in bursts:
            repeats = args.repeats if n == 1 else 1
            mine, theirs = [], []
            for r in range(repeats):
                log(f"bridge burst of {n} (run {r + 1}/{repeats})")
                mine.append(minecs_burst(m, "bench-bridge", n, {"launchType": "EC2"},
                                         args.timeout))
                theirs.append(docker_burst(n, run_id, args.timeout))
            rows.append(("bridge (EC2)", n, median_run(mine), median_run(theirs)))
            if n in vpc_bursts:
                vpc, theirs_vpc = [], []
                for r in range(repeats):
                    log(f"awsvpc burst of {n} (run {r + 1}/{repeats})")
                    vpc.append(minecs_burst(m, "bench-awsvpc", n, {
                        "launchType": "FARGATE", "networkConfiguration": awsvpc}, args.timeout))
                    theirs_vpc.append(docker_burst(n, run_id, args.timeout))
                rows.append(("awsvpc (FARGATE)", n, median_run(vpc), median_run(theirs_vpc)))
        instance = instance_of_task(m.instance_probe) if m.instance_probe else None

        # Part 2: idle cost (--idle-tasks 0 skips it).
        n = args.idle_tasks
        if n > 0:
            log(f"starting {n} idle bridge tasks")
            started = time.monotonic()
            arns = run_tasks(m, "bench-bridge", n, {"launchType": "EC2"})
            times = wait_running(m, arns, started, args.timeout)
            idle["start_all"] = max(times.values())
            instance = instance or instance_of_task(arns[0])
            time.sleep(3)  # let the last events settle
            dpid = dockerd_pid()
            cpu0, d0, t0 = m.cpu_seconds(), proc_cpu_seconds(dpid) if dpid else 0.0, time.monotonic()
            log(f"measuring minecs CPU over {args.idle_seconds:g} s with {n} tasks running")
            time.sleep(args.idle_seconds)
            cpu1, d1, t1 = m.cpu_seconds(), proc_cpu_seconds(dpid) if dpid else 0.0, time.monotonic()
            idle["minecs_pct"] = 100 * (cpu1 - cpu0) / (t1 - t0)
            idle["dockerd_pct"] = 100 * (d1 - d0) / (t1 - t0) if dpid else float("nan")
            idle["rss_mb"] = rss_mb(m.proc.pid)
            still = sum(1 for t in describe_all(m, arns) if t["lastStatus"] == "RUNNING")
            idle["still_running"] = still
            log(f"stopping {n} tasks")
            s0 = time.monotonic()
            stop_tasks(m, arns)
            idle["stop_all"] = time.monotonic() - s0
    except Exception as e:  # report what was measured, clean up, then fail
        failed = e
        log(f"FAILED: {e}")
    finally:
        errors = m.errors_logged()
        m.stop()
        removed = 0
        if instance:
            removed += remove_labelled(f"minecs.instance={instance}")
        removed += remove_labelled(f"{BENCH_LABEL}={run_id}")
        log(f"cleanup: removed {removed} containers")
        shutil.rmtree(workdir, ignore_errors=True)

    report = render(rows, idle, args, errors, failed)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    log(f"wrote {args.out}")
    return 1 if failed else 0


def median_run(runs: list[list[float]]) -> list[float]:
    """The run whose burst time (slowest task) is the median."""
    return sorted(runs, key=lambda r: r[-1])[len(runs) // 2]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def render(rows, idle, args, errors, failed) -> str:
    docker_version = docker("version", "-f", "{{.Server.Version}}", check=False) or "?"
    lines = [
        "# Task start latency and idle cost: minecs vs `docker run -d`",
        "",
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}; "
        f"{os.cpu_count()} cores, Linux {platform.release()}, Docker {docker_version}; "
        f"image {IMAGE}, command `{' '.join(COMMAND)}`. Produced by bench/task_bench.sh.",
        "",
        "minecs: first RunTask request until DescribeTasks (polled every 50 ms) shows RUNNING; "
        "RunTask takes at most 10 tasks, so bursts are several calls back to back. docker: "
        "`docker run -d` (one CLI process per container, all launched together) until "
        "`docker inspect` (polled every 50 ms) shows it running. 1-task rows: median of "
        f"{args.repeats} runs. Ratio: minecs / docker, for the whole burst.",
        "",
        "| mode | tasks | minecs median | minecs all RUNNING | docker median | docker all running "
        "| ratio (all) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, n, mine, theirs in rows:
        lines.append(
            f"| {mode} | {n} | {fmt_s(statistics.median(mine))} | {fmt_s(mine[-1])} | "
            f"{fmt_s(statistics.median(theirs))} | {fmt_s(theirs[-1])} | "
            f"{mine[-1] / theirs[-1]:.2f}x |")
    lines.append("")
    if idle.get("minecs_pct") is not None:
        lines += [
            f"Idle cost: {args.idle_tasks} bridge tasks running "
            f"(all RUNNING {fmt_s(idle['start_all'])} after the first RunTask); over "
            f"{args.idle_seconds:g} s minecs used **{idle['minecs_pct']:.2f}% of one core** "
            f"(utime+stime from /proc/<pid>/stat), RSS {idle['rss_mb']:.0f} MiB; dockerd used "
            f"{idle['dockerd_pct']:.2f}% over the same window. {idle['still_running']} tasks "
            f"were still RUNNING at the end; StopTask on all of them took "
            f"{fmt_s(idle.get('stop_all', float('nan')))} until every one was STOPPED.",
            "",
        ]
    if errors:
        lines += [f"minecs logged {len(errors)} error lines, e.g.:", "", "```",
                  *errors[:5], "```", ""]
    if failed:
        lines += [f"**The run failed:** {failed}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
