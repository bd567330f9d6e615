#!/usr/bin/env python3
"""API benchmark: minecs and moto side by side in one run, driven by wrk.

For each operation (ECS's DescribeClusters, ListTaskDefinitions, RegisterTaskDefinition over
JSON-1.1; EC2's DescribeVpcs and DescribeSubnets over the EC2 Query protocol; ELBv2's
DescribeLoadBalancers, DescribeTargetGroups and DescribeTargetHealth over the Query protocol; STS's
GetCallerIdentity and IAM's GetRole over the Query protocol; SSM's GetParameter and Secrets
Manager's GetSecretValue over JSON-1.1) and each connection
count (1 and 64) it runs wrk against minecs and then against moto, and prints a markdown table
with both throughputs, their ratio and the latency percentiles wrk reports.

Both servers are started here on free loopback ports, seeded the same way (one cluster, 2,000
revisions of one family; 4 VPCs besides the default one, 6 subnets in the first) and checked to
answer alike, and stopped at the end; their peak RSS (VmHWM) is reported. Exits 1 if
minecs answered anything but 2xx, if wrk saw socket errors against minecs, if minecs logged an
error, or if it died.

Standard library only (boto3 is not needed: requests are sent as raw HTTP).
Entry point for people: bench/api_bench.sh. This file runs the rows; the servers and their
seeding are in api_servers.py, the wrk driver in api_wrk.py and the markdown report in
api_report.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_report import lat, render  # noqa: E402
from api_servers import (  # noqa: E402
    CLUSTER, EC2_BENCH_CALLS, ELBV2_BENCH_CALLS, IAM_BENCH_CALLS, LIST_FAMILY, REGISTER_FAMILY,
    SECRETS_BENCH_CALLS, ApiCall, Server, ecs_call, seed, seed_ec2, seed_elbv2, seed_iam,
    seed_secrets, start_minecs, start_moto, task_definition)
from api_wrk import WrkResult, run_wrk  # noqa: E402
from common import HERE, ROOT  # noqa: E402


OPERATIONS: list[tuple[str, Callable[[dict[str, str]], ApiCall]]] = [
    # (operation, its request from what seeding created on the server it goes to).
    # ListTaskDefinitions runs before RegisterTaskDefinition so the listed family holds exactly
    # the seeded revisions; default page size (no maxResults).
    ("DescribeClusters", lambda _: ecs_call("DescribeClusters", {"clusters": [CLUSTER]})),
    ("ListTaskDefinitions", lambda _: ecs_call("ListTaskDefinitions", {"familyPrefix": LIST_FAMILY})),
    ("RegisterTaskDefinition",
     lambda _: ecs_call("RegisterTaskDefinition", task_definition(REGISTER_FAMILY))),
    *EC2_BENCH_CALLS.items(),
    *ELBV2_BENCH_CALLS.items(),
    *IAM_BENCH_CALLS.items(),
    *SECRETS_BENCH_CALLS.items(),
]
CONNECTIONS = [1, 64]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minecs", type=Path, default=ROOT / "build" / "minecs")
    ap.add_argument("--minecs-seconds", type=float, default=8)
    ap.add_argument("--moto-seconds", type=float, default=5)
    ap.add_argument("--revisions", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=2,
                    help="wrk threads for rows with more than one connection (1 with one)")
    ap.add_argument("--timeout", type=float, default=30, help="wrk per-request timeout, seconds")
    ap.add_argument("--data-parent", type=Path, default=None,
                    help="where minecs's data directory goes (default: the system temp dir; "
                    "/dev/shm takes the disk out of the picture)")
    ap.add_argument("--only", default=None, metavar="REGEX",
                    help="run only the operations whose name matches (a partial run: give --out "
                    "a scratch file so the committed results stay whole)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "api.md")
    ap.add_argument("--min-ratio", type=float, default=30.0, help="the issue's throughput aim")
    ap.add_argument("--p99-aim-ms", type=float, default=2.0,
                    help="the issue's DescribeClusters p99 aim at 64 connections")
    args = ap.parse_args()

    if not args.minecs.is_file() or not os.access(args.minecs, os.X_OK):
        print(f"api_bench: {args.minecs} not found: build minecs first (scripts/build.sh)",
              file=sys.stderr)
        return 2
    if shutil.which("wrk") is None:
        print("api_bench: wrk not found (apt-get install wrk)", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="minecs-bench-"))
    servers: list[Server] = []
    problems: list[str] = []
    notes: list[str] = []
    rows: list[tuple[str, int, WrkResult, WrkResult]] = []
    rss: dict[str, tuple[int | None, int | None]] = {}
    started = time.monotonic()
    load_at_start = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        minecs = start_minecs(args.minecs, workdir, args.data_parent)
        servers.append(minecs)
        moto = start_moto(workdir)
        servers.append(moto)
        ec2_state: dict[str, dict[str, str]] = {}
        ec2_counts = {}
        for s in (minecs, moto):
            line = seed(s, args.revisions)
            print(line, file=sys.stderr)
            notes.append(line)
        for s in (minecs, moto):
            ec2_state[s.name], ec2_counts[s.name], line = seed_ec2(s)
            print(line, file=sys.stderr)
            notes.append(line)
        if ec2_counts["minecs"] != ec2_counts["moto"]:
            raise RuntimeError(f"the servers' EC2 answers differ: {ec2_counts}")
        for s in (minecs, moto):
            elbv2_state, _, line = seed_elbv2(s, ec2_state[s.name]["vpc_id"])
            ec2_state[s.name].update(elbv2_state)
            print(line, file=sys.stderr)
            notes.append(line)
        for s in (minecs, moto):
            for seeding in (seed_iam, seed_secrets):
                line = seeding(s)
                print(line, file=sys.stderr)
                notes.append(line)

        operations = [(op, make) for op, make in OPERATIONS
                      if args.only is None or re.search(args.only, op)]
        for operation, make_call in operations:
            for conns in CONNECTIONS:
                threads = 1 if conns == 1 else args.threads
                results = {}
                for server, seconds in ((minecs, args.minecs_seconds), (moto, args.moto_seconds)):
                    call = make_call(ec2_state[server.name])
                    r = run_wrk(server, call, conns, threads, seconds, args.timeout)
                    results[server.name] = r
                    print(
                        f"{operation:<24} c={conns:<3} {server.name:<6} {r.rps:>10,.1f} req/s  "
                        f"p50/p99 {lat(r):>15} ms  requests {r.requests}  non-2xx {r.non_2xx}  "
                        f"socket errors {sum(r.socket_errors.values())}  "
                        f"cpu server {r.server_cores:.2f} wrk {r.wrk_cores:.2f} cores",
                        file=sys.stderr,
                    )
                    if r.errors:
                        msg = (f"{server.name} {operation} c={conns}: {r.non_2xx} non-2xx replies, "
                               f"socket errors {r.socket_errors}")
                        (problems if server is minecs else notes).append(msg)
                    if not server.alive():
                        raise RuntimeError(f"{server.name} died during {operation} c={conns}")
                rows.append((operation, conns, results["minecs"], results["moto"]))
        for s in servers:
            rss[s.name] = (s.status_kb("VmHWM"), s.status_kb("VmRSS"))
    except BaseException:
        print(f"api_bench: aborted; server logs kept in {workdir}", file=sys.stderr)
        raise
    finally:
        for s in servers:
            s.stop()
            if s.data_dir is not None:
                shutil.rmtree(s.data_dir, ignore_errors=True)

    # minecs at --log-level warn logs nothing on the happy path: any warning/error is a problem.
    minecs_log = (workdir / "minecs.log").read_text(errors="replace")
    bad_lines = [l for l in minecs_log.splitlines() if re.search(r"\b(warning|error|critical)\b", l)]
    if bad_lines:
        problems.append(f"minecs logged {len(bad_lines)} warning/error lines, e.g. {bad_lines[0]}")
    moto_log = (workdir / "moto.log").read_text(errors="replace")
    moto_status = re.findall(r'" (\d{3}) ', moto_log)
    moto_bad = sum(1 for s in moto_status if not s.startswith("2"))
    if moto_bad:
        notes.append(f"moto's log shows {moto_bad} non-2xx replies out of {len(moto_status)}")

    text = render(args, rows, rss, notes, problems, load_at_start, started)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    shutil.rmtree(workdir, ignore_errors=True)
    if problems:
        print("api_bench: FAILED: minecs returned errors:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
