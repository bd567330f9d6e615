"""The markdown report of api_bench.py: the table of both servers' throughput and latency per
row, the aims, peak memory, per-row details and the notes that explain the numbers.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from argparse import Namespace
from pathlib import Path

from api_servers import (
    EC2_SUBNETS, EC2_VERSION, EC2_VPCS, ELBV2_BALANCERS, ELBV2_GROUPS, ELBV2_TARGETS,
    ELBV2_VERSION, LIST_FAMILY, REGION, REGISTER_FAMILY)
from api_wrk import WrkResult
from common import fs_type


def fmt_rps(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "?"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def lat(r: WrkResult) -> str:
    return f"{fmt_ms(r.latency_ms.get('50'))} / {fmt_ms(r.latency_ms.get('99'))}"


def ratio(a: WrkResult, b: WrkResult) -> float:
    return a.rps / b.rps if b.rps > 0 else float("inf")


def mib(kb: int | None) -> str:
    return "?" if kb is None else f"{kb / 1024:.1f} MiB"


def render(args: Namespace, rows: list[tuple[str, int, WrkResult, WrkResult]],
           rss: dict[str, tuple[int | None, int | None]], notes: list[str], problems: list[str],
           load_at_start: str, started: float) -> str:
    """The report of one run; `started` is the run's time.monotonic() at its start."""
    # ---- the table
    out: list[str] = []
    out.append("# API benchmark: minecs vs moto (ECS over JSON-1.1, EC2 and ELBv2 over their Query "
               "protocols)")
    out.append("")
    moto_version = subprocess.run([sys.executable, "-c", "import moto; print(moto.__version__)"],
                                  capture_output=True, text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    wrk_version = (wrk_version.stdout or wrk_version.stderr).split("Copyright")[0].strip()
    out.append(
        f"Run {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores "
        f"({platform.machine()}), {wrk_version}, moto {moto_version}, Python "
        f"{platform.python_version()}. Per row: minecs {args.minecs_seconds:g} s, moto "
        f"{args.moto_seconds:g} s; wrk -t1 at 1 connection, -t{args.threads} at 64. minecs data "
        f"directory on {fs_type(args.data_parent or Path(tempfile.gettempdir()))}; load average "
        f"at the start {load_at_start}."
    )
    out.append("")
    out.append("| operation | conns | minecs req/s | moto req/s | ratio | minecs p50 / p99 ms | moto p50 / p99 ms |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for operation, conns, m, o in rows:
        out.append(
            f"| {operation} | {conns} | {fmt_rps(m.rps)} | {fmt_rps(o.rps)} | "
            f"{ratio(m, o):,.1f}× | {lat(m)} | {lat(o)} |"
        )
    out.append("")

    # ---- aims
    below = [f"{op} c={c} ({ratio(m, o):.1f}×)" for op, c, m, o in rows if ratio(m, o) < args.min_ratio]
    out.append("Aims (from the issue):")
    out.append(
        f"- minecs ≥ {args.min_ratio:g}× moto's throughput on every row: "
        + ("**met**" if not below else "**not met** on " + ", ".join(below))
    )
    ec2_rows = [(op, c, m, o) for op, c, m, o in rows if op in ("DescribeVpcs", "DescribeSubnets")]
    if ec2_rows:
        ec2_below = [f"{op} c={c} ({ratio(m, o):.1f}×)" for op, c, m, o in ec2_rows
                     if ratio(m, o) < args.min_ratio]
        out.append(
            f"- EC2 Query protocol (issue 10): ≥ {args.min_ratio:g}× moto on DescribeVpcs and "
            "DescribeSubnets: "
            + ("**met**" if not ec2_below else "**not met** on " + ", ".join(ec2_below))
        )
    elb_ops = ("DescribeLoadBalancers", "DescribeTargetGroups", "DescribeTargetHealth")
    elb_rows = [(op, c, m, o) for op, c, m, o in rows if op in elb_ops]
    if elb_rows:
        elb_below = [f"{op} c={c} ({ratio(m, o):.1f}×)" for op, c, m, o in elb_rows
                     if ratio(m, o) < args.min_ratio]
        out.append(
            f"- ELBv2 (issue 11): ≥ {args.min_ratio:g}× moto on DescribeLoadBalancers, "
            "DescribeTargetGroups and DescribeTargetHealth: "
            + ("**met**" if not elb_below else "**not met** on " + ", ".join(elb_below))
        )
    dc64 = [m for op, c, m, o in rows if op == "DescribeClusters" and c == 64]
    if dc64:
        p99 = dc64[0].latency_ms.get("99")
        ok = p99 is not None and p99 < args.p99_aim_ms
        out.append(
            f"- DescribeClusters p99 < {args.p99_aim_ms:g} ms at 64 connections: "
            f"{fmt_ms(p99)} ms, **{'met' if ok else 'not met'}**"
        )
    out.append("")

    # ---- memory
    out.append("Peak RSS after the run (VmHWM; VmRSS at the end in brackets): "
               + ", ".join(f"{n} {mib(h)} ({mib(r)})" for n, (h, r) in rss.items()) + ".")
    out.append("")

    # ---- details
    out.append("<details><summary>Details per row</summary>")
    out.append("")
    out.append("| operation | conns | server | requests | p75 / p90 ms | non-2xx | socket errors | server CPU (cores) | wrk CPU (cores) |")
    out.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for operation, conns, m, o in rows:
        for name, r in (("minecs", m), ("moto", o)):
            se = ", ".join(f"{k} {v}" for k, v in r.socket_errors.items() if v) or "0"
            out.append(
                f"| {operation} | {conns} | {name} | {r.requests:,} | "
                f"{fmt_ms(r.latency_ms.get('75'))} / {fmt_ms(r.latency_ms.get('90'))} | "
                f"{r.non_2xx} | {se} | {r.server_cores:.2f} | {r.wrk_cores:.2f} |"
            )
    out.append("")
    out.append("</details>")
    out.append("")

    # ---- notes
    out.append("Notes:")
    out.append(
        f"- wrk and the server share the machine's {os.cpu_count()} cores (the CPU columns above "
        "show the split), so minecs's numbers are a floor, not its ceiling; on a shared machine "
        "absolute numbers are noise and the ratio, measured side by side in one run, is what counts."
    )
    out.append(
        "- Both servers get the same unsigned `Authorization` header, shaped as botocore's SigV4 "
        f"one (credential scope `{REGION}/ecs`, `{REGION}/ec2` or "
        f"`{REGION}/elasticloadbalancing`), and an `X-Amz-Date`: moto "
        "routes a request with no such header to S3, and minecs picks the service by that scope."
    )
    out.append(
        "- DescribeVpcs and DescribeSubnets are EC2 Query calls as botocore sends them: a "
        f"form-encoded POST body (`Action=DescribeVpcs&Version={EC2_VERSION}`, content type "
        "`application/x-www-form-urlencoded; charset=utf-8`), answered in EC2's XML. Before the "
        f"rows, each server gets {EC2_VPCS} VPCs besides its default one and {EC2_SUBNETS} "
        "subnets in the first of them (two tags each); DescribeVpcs lists every VPC "
        f"({EC2_VPCS + 1}), DescribeSubnets those of that VPC (filter `vpc-id`, "
        f"{EC2_SUBNETS}). Both servers were checked to answer 200 with those counts first; the "
        "default subnets (three zones on minecs, six on moto in us-east-1) stay out of the "
        "filtered answer."
    )
    out.append(
        "- DescribeLoadBalancers, DescribeTargetGroups and DescribeTargetHealth are ELBv2 Query "
        f"calls (`Version={ELBV2_VERSION}`, answered in XML). Before the rows, each server gets, "
        f"in the first VPC (given an internet gateway) and two of its subnets, {ELBV2_BALANCERS} "
        f"application load balancers, {ELBV2_GROUPS} `ip` target groups, one HTTP listener per "
        "balancer forwarding to a group and one path rule forwarding to another, and "
        f"{ELBV2_TARGETS} targets in the first group. DescribeLoadBalancers and "
        "DescribeTargetGroups list them all (each group with the balancers that use it), "
        "DescribeTargetHealth the first group's targets; both servers were checked to answer 200 "
        "with those counts first."
    )
    out.append(
        "- GetCallerIdentity (STS) and GetRole (IAM) are Query calls signed for `sts` and `iam`, "
        "answered in XML; with the benchmark's ordinary keys GetCallerIdentity answers the "
        "account's root. Before the rows each server gets one role with a trust policy, which "
        "GetRole reads back (its document URL-encoded, as IAM returns it)."
    )
    out.append(
        f"- ListTaskDefinitions lists the family `{LIST_FAMILY}` ({args.revisions} revisions, seeded "
        "beforehand) with no maxResults. minecs returns ECS's default page of 100 ARNs and a "
        "nextToken; moto ignores pagination and returns all revisions in one reply, so per request "
        "moto does more work on that row."
    )
    out.append(
        f"- RegisterTaskDefinition registers a new revision of the one family `{REGISTER_FAMILY}` "
        "per request (the body is fixed), so the family grows during the row."
    )
    out.append(
        "- moto's Werkzeug server closes the connection after every reply (`Connection: close`), "
        "so its rows include a TCP connect per request; minecs keeps connections alive."
    )
    for n in notes:
        out.append(f"- {n}")
    if problems:
        out.append("")
        out.append("**PROBLEMS (minecs):**")
        for p in problems:
            out.append(f"- {p}")
    out.append("")
    out.append(f"Total run time {time.monotonic() - started:.0f} s.")
    text = "\n".join(out) + "\n"
    return text
