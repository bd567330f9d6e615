#!/usr/bin/env python3
"""Services: how long a 10-task service takes to reach a steady state, and a 10-task rolling
update, on minecs against doing the same with the docker CLI, in one run.

  * steady state: CreateService (bridge mode, EC2 launch type, busybox `sleep 3600`, desiredCount
    --tasks) until DescribeServices, polled every 100 ms, shows runningCount == desiredCount and a
    single deployment whose rolloutState is COMPLETED (what the services_stable waiter waits for,
    without its 15 s polling delay). Against: --tasks `docker run -d` launched at once until
    `docker inspect` (polled every 100 ms) says all of them run.
  * rolling update: UpdateService to a new revision (minimumHealthyPercent 100, maximumPercent 200)
    until the service has one COMPLETED deployment of the new revision with desiredCount running;
    the peak of tasks alive during the rollout is sampled. Against: --tasks new containers started
    as above, then the old ones stopped (`docker stop`, all at once) -- the same rollout by hand.

Each figure is the median of --repeats runs. Everything is removed at the end, whatever happened:
the service through DeleteService(force), then every container and network labelled with this
server's minecs.instance and this bench's own label. Prints a markdown report and writes it to
--out. Standard library only. Entry point for people: bench/service_bench.sh.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import COMMAND, IMAGE, Minecs, docker, instance_of_task, logger  # noqa: E402
from common import remove_labelled  # noqa: E402

CLUSTER = "service-bench"
BENCH_LABEL = "minecs.bench"
POLL = 0.1
log = logger("service_bench")


# --------------------------------------------------------------------------------------------
# minecs


def register(m: Minecs, family: str, revision_marker: str) -> str:
    # A different environment makes a different revision of the same family, as a new image would.
    return m.client.call("RegisterTaskDefinition", {
        "family": family, "networkMode": "bridge",
        "containerDefinitions": [{"name": "app", "image": IMAGE, "memory": 32, "essential": True,
                                  "command": COMMAND,
                                  "environment": [{"name": "REV", "value": revision_marker}]}],
    })["taskDefinition"]["taskDefinitionArn"]


def describe(m: Minecs, name: str) -> dict:
    out = m.client.call("DescribeServices", {"cluster": CLUSTER, "services": [name]})
    if out.get("failures"):
        raise RuntimeError(f"DescribeServices failures: {out['failures']}")
    return out["services"][0]


def stable(s: dict, td: str) -> bool:
    deps = s["deployments"]
    return (len(deps) == 1 and deps[0]["rolloutState"] == "COMPLETED"
            and deps[0]["taskDefinition"] == td and s["runningCount"] == s["desiredCount"])


def live_tasks(m: Minecs, name: str) -> int:
    """Tasks that exist and are not yet STOPPED (stopping ones included).

    Counted by ARN: a task told to stop between the two listings appears in both."""
    live = set()
    for status in ("RUNNING", "STOPPED"):
        arns = m.client.call("ListTasks", {"cluster": CLUSTER, "serviceName": name,
                                           "desiredStatus": status})["taskArns"]
        if status == "RUNNING":
            live.update(arns)
            continue
        for i in range(0, len(arns), 100):
            tasks = m.client.call("DescribeTasks", {"cluster": CLUSTER,
                                                    "tasks": arns[i:i + 100]})["tasks"]
            live.update(t["taskArn"] for t in tasks if t["lastStatus"] != "STOPPED")
    return len(live)


def wait_stable(m: Minecs, name: str, td: str, started: float, timeout: float,
                sample_live: bool = False) -> tuple[float, int]:
    """Seconds from `started` until the service is stable on `td`; the peak of live tasks."""
    peak = 0
    deadline = time.monotonic() + timeout
    while True:
        tick = time.monotonic()
        s = describe(m, name)
        if stable(s, td):
            return time.monotonic() - started, peak
        if tick > deadline:
            raise RuntimeError(f"service {name} not stable after {timeout}s: running "
                               f"{s['runningCount']}, deployments {s['deployments']}")
        if sample_live:
            peak = max(peak, live_tasks(m, name))
        time.sleep(max(0.0, POLL - (time.monotonic() - tick)))


def minecs_run(m: Minecs, n: int, index: int, timeout: float) -> tuple[float, float, int]:
    """(steady-state seconds, rollout seconds, peak live tasks during the rollout)."""
    family = f"svcbench{index}"
    name = f"svc{index}"
    td1 = register(m, family, "1")
    td2 = register(m, family, "2")
    started = time.monotonic()
    m.client.call("CreateService", {
        "cluster": CLUSTER, "serviceName": name, "taskDefinition": td1, "desiredCount": n,
        "launchType": "EC2",
        "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200}})
    steady, _ = wait_stable(m, name, td1, started, timeout)
    log(f"minecs run {index}: {n} tasks steady in {steady:.2f} s")

    started = time.monotonic()
    m.client.call("UpdateService", {"cluster": CLUSTER, "service": name, "taskDefinition": td2})
    rollout, peak = wait_stable(m, name, td2, started, timeout, sample_live=True)
    log(f"minecs run {index}: rollout in {rollout:.2f} s, peak {peak} live tasks")

    m.client.call("DeleteService", {"cluster": CLUSTER, "service": name, "force": True})
    deadline = time.monotonic() + timeout
    while live_tasks(m, name) > 0:
        if time.monotonic() > deadline:
            raise RuntimeError(f"tasks of {name} still alive after DeleteService")
        time.sleep(0.2)
    return steady, rollout, peak


# --------------------------------------------------------------------------------------------
# docker


def docker_start(n: int, label: str, env: str) -> list[str]:
    """Launches n `docker run -d` at once (as a script would); returns the container ids."""
    def launch(_: int) -> str:
        return docker("run", "-d", "--label", label, "-e", f"REV={env}", IMAGE, *COMMAND)

    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(launch, range(n)))


def docker_wait_running(ids: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        tick = time.monotonic()
        states = docker("inspect", "-f", "{{.State.Running}}", *ids).split()
        if all(s == "true" for s in states):
            return
        if tick > deadline:
            raise RuntimeError("docker containers not running in time")
        time.sleep(max(0.0, POLL - (time.monotonic() - tick)))


def docker_run(n: int, label: str, timeout: float) -> tuple[float, float]:
    """(seconds until n containers run, seconds for the by-hand rollout to n new ones)."""
    started = time.monotonic()
    old = docker_start(n, label, "1")
    docker_wait_running(old, timeout)
    steady = time.monotonic() - started

    started = time.monotonic()
    new = docker_start(n, label, "2")
    docker_wait_running(new, timeout)
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        list(pool.map(lambda cid: docker("stop", cid), old))
    rollout = time.monotonic() - started
    docker("rm", "-f", *old, *new, check=False)
    return steady, rollout


# --------------------------------------------------------------------------------------------


def instance_of(m: Minecs) -> str | None:
    """The minecs.instance label on the containers of this server's tasks."""
    arns = []
    for status in ("RUNNING", "STOPPED"):
        try:
            arns += m.client.call("ListTasks", {"cluster": CLUSTER,
                                                "desiredStatus": status})["taskArns"]
        except Exception:  # noqa: BLE001 -- the server may be gone already
            pass
    for arn in arns:
        instance = instance_of_task(arn)
        if instance:
            return instance
    return None


def fmt_s(v: float) -> str:
    return f"{v:.2f} s"


def render(args, rows, runs, peak, errors) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    dv = docker("version", "-f", "{{.Server.Version}}", check=False)
    out = [f"# Services: {args.tasks}-task service on minecs vs `docker run -d`", "",
           f"{now}; {os.cpu_count()} cores, {platform.system()} {platform.release()}, Docker {dv}; "
           f"image {IMAGE}, command `{' '.join(COMMAND)}`, bridge mode (EC2 launch type). "
           f"Median of {args.repeats} run(s). Produced by bench/service_bench.sh.", "",
           "minecs steady state: CreateService until DescribeServices (polled every 100 ms) shows "
           "runningCount == desiredCount and one COMPLETED deployment. docker: "
           f"{args.tasks} `docker run -d` launched at once until `docker inspect` shows all "
           "running. Rolling update: UpdateService to a new revision (minimumHealthyPercent 100, "
           "maximumPercent 200) until one COMPLETED deployment of it; docker: the same by hand, "
           f"{args.tasks} new containers running, then the old ones stopped. Ratio: minecs / "
           "docker.", "",
           "| measurement | minecs | docker CLI | ratio |", "|---|---:|---:|---:|"]
    for label, mv, dv_ in rows:
        out.append(f"| {label} | {fmt_s(mv)} | {fmt_s(dv_)} | {mv / dv_:.2f}x |")
    out += ["", f"Peak tasks alive during the minecs rollouts: {peak} (maximumPercent 200 allows "
            f"{2 * args.tasks}).", "", "Runs (steady, rollout) — minecs: " +
            ", ".join(f"({fmt_s(a)}, {fmt_s(b)})" for a, b, _ in runs["minecs"]) +
            "; docker: " + ", ".join(f"({fmt_s(a)}, {fmt_s(b)})" for a, b in runs["docker"]) +
            "."]
    if errors:
        out += ["", f"minecs logged {len(errors)} error line(s), e.g. `{errors[0][:200]}`."]
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minecs", type=Path, required=True)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--tasks", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()

    run_id = uuid.uuid4().hex[:12]
    label = f"{BENCH_LABEL}={run_id}"
    workdir = Path(tempfile.mkdtemp(prefix="minecs-svcbench-"))
    m = Minecs(args.minecs, workdir, "minecs-svcbench-data-")
    instance = None
    runs: dict[str, list] = {"minecs": [], "docker": []}
    try:
        m.client.call("CreateCluster", {"clusterName": CLUSTER})
        for i in range(args.repeats):
            # Alternate which side goes first, so that neither always meets a warm daemon.
            order = ("minecs", "docker") if i % 2 == 0 else ("docker", "minecs")
            for side in order:
                if side == "minecs":
                    runs["minecs"].append(minecs_run(m, args.tasks, i, args.timeout))
                    instance = instance or instance_of(m)
                else:
                    runs["docker"].append(docker_run(args.tasks, label, args.timeout))
                    log(f"docker run {i}: steady {runs['docker'][-1][0]:.2f} s, "
                        f"rollout {runs['docker'][-1][1]:.2f} s")
        errors = m.errors_logged()
    finally:
        instance = instance or instance_of(m)
        m.stop()
        removed = remove_labelled(label)
        if instance:
            removed += remove_labelled(f"minecs.instance={instance}")
        log(f"removed {removed} container(s), the stopped tasks' included")
        shutil.rmtree(workdir, ignore_errors=True)

    med = statistics.median
    rows = [(f"{args.tasks}-task service to steady state",
             med(r[0] for r in runs["minecs"]), med(r[0] for r in runs["docker"])),
            (f"{args.tasks}-task rolling update (min 100 %, max 200 %)",
             med(r[1] for r in runs["minecs"]), med(r[1] for r in runs["docker"]))]
    peak = max(r[2] for r in runs["minecs"])
    report = render(args, rows, runs, peak, errors)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
