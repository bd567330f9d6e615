#!/usr/bin/env python3
"""ECS API benchmark: minecs and moto side by side in one run, driven by wrk.

For each operation (DescribeClusters, ListTaskDefinitions, RegisterTaskDefinition) and each
connection count (1 and 64) it runs wrk against minecs and then against moto, and prints a
markdown table with both throughputs, their ratio and the latency percentiles wrk reports.

Both servers are started here on free loopback ports, seeded the same way (one cluster, 2,000
revisions of one family) and stopped at the end; their peak RSS (VmHWM) is reported. Exits 1 if
minecs answered anything but 2xx, if wrk saw socket errors against minecs, if minecs logged an
error, or if it died.

Standard library only (boto3 is not needed: requests are sent as raw HTTP).
Entry point for people: bench/api_bench.sh.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, ROOT, Client, private_copy, proc_cpu_seconds  # noqa: E402

LUA = HERE / "wrk_ecs.lua"

REGION = "us-east-1"
# Unsigned: minecs ignores signatures, and moto only reads the credential scope. moto needs the
# header all the same: without it, it does not route the request to ECS at all (it answers as S3).
AUTH = (
    f"AWS4-HMAC-SHA256 Credential=test/20240101/{REGION}/ecs/aws4_request, "
    "SignedHeaders=host, Signature=0"
)

CLUSTER = "bench"
LIST_FAMILY = "bench-list"  # seeded with --revisions revisions before the run
REGISTER_FAMILY = "bench-reg"  # the RegisterTaskDefinition rows add revisions here


def task_definition(family: str) -> dict:
    """A small but realistic Fargate-style task definition."""
    return {
        "family": family,
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [
            {
                "name": "web",
                "image": "public.ecr.aws/nginx/nginx:1.27",
                "essential": True,
                "cpu": 128,
                "memory": 256,
                "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
                "environment": [
                    {"name": "APP_ENV", "value": "bench"},
                    {"name": "LOG_LEVEL", "value": "info"},
                ],
                "command": ["nginx", "-g", "daemon off;"],
            },
            {
                "name": "sidecar",
                "image": "busybox:1.36",
                "essential": False,
                "memory": 64,
                "command": ["sh", "-c", "sleep 3600"],
            },
        ],
        "tags": [{"key": "team", "value": "bench"}],
    }


OPERATIONS = [
    # (operation, body). ListTaskDefinitions runs before RegisterTaskDefinition so the listed
    # family holds exactly the seeded revisions; default page size (no maxResults).
    ("DescribeClusters", {"clusters": [CLUSTER]}),
    ("ListTaskDefinitions", {"familyPrefix": LIST_FAMILY}),
    ("RegisterTaskDefinition", task_definition(REGISTER_FAMILY)),
]
CONNECTIONS = [1, 64]


# --------------------------------------------------------------------------------------------
# Plain HTTP client for seeding and checks (keep-alive when the server allows it).


def client_of(port: int) -> Client:
    return Client(port, timeout=60, headers={"Authorization": AUTH})


# --------------------------------------------------------------------------------------------
# Servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int
    log_path: Path
    log_file: object
    data_dir: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def alive(self) -> bool:
        return self.proc.poll() is None

    def status_kb(self, key: str) -> int | None:
        """A kB value of /proc/PID/status (VmHWM, VmRSS); read before the process is stopped."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float:
        """utime + stime of the server process (all threads)."""
        return proc_cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def wait_ready(server: Server, timeout: float = 60) -> None:
    """Ready when a ListClusters call answers 200 (works for both servers)."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(
                f"{server.name} exited with {server.proc.returncode}; log:\n"
                + server.log_path.read_text(errors="replace")[-2000:]
            )
        client = client_of(server.port)
        try:
            status, _ = client.request("ListClusters", {})
            if status == 200:
                return
            last = f"HTTP {status}"
        except OSError as e:
            last = str(e)
        finally:
            client.close()
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} not ready after {timeout}s: {last}")


def start_minecs(binary: Path, workdir: Path, data_parent: Path | None) -> Server:
    port = free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="minecs-bench-data-", dir=data_parent))
    binary = private_copy(binary, workdir)
    log_path = workdir / "minecs.log"
    log = open(log_path, "wb")
    env = dict(os.environ, MINECS_NO_DOCKER="true")
    proc = subprocess.Popen(
        [str(binary), "--port", str(port), "--data-dir", str(data_dir), "--log-level", "warn"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    server = Server("minecs", proc, port, log_path, log)
    server.data_dir = data_dir
    wait_ready(server)
    return server


def start_moto(workdir: Path) -> Server:
    port = free_port()
    log_path = workdir / "moto.log"
    log = open(log_path, "wb")
    # moto as shipped: its threaded Werkzeug server, logging each request to stderr (to a file).
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    server = Server("moto", proc, port, log_path, log)
    wait_ready(server)
    return server


def seed(server: Server, revisions: int) -> str:
    client = client_of(server.port)
    started = time.monotonic()
    client.call("CreateCluster", {"clusterName": CLUSTER})
    td = task_definition(LIST_FAMILY)
    for _ in range(revisions):
        client.call("RegisterTaskDefinition", td)
    elapsed = time.monotonic() - started
    # Checks: the cluster is describable and the family holds the seeded revisions.
    clusters = client.call("DescribeClusters", {"clusters": [CLUSTER]}).get("clusters", [])
    if len(clusters) != 1:
        raise RuntimeError(f"{server.name}: DescribeClusters found {len(clusters)} clusters")
    page = client.call("ListTaskDefinitions", {"familyPrefix": LIST_FAMILY})
    arns = page.get("taskDefinitionArns", [])
    if not arns or not arns[0].endswith(f"{LIST_FAMILY}:1"):
        raise RuntimeError(f"{server.name}: ListTaskDefinitions first page looks wrong: {arns[:3]}")
    more = "with a nextToken" if page.get("nextToken") else "no nextToken"
    client.close()
    return (
        f"{server.name}: seeded 1 cluster + {revisions} revisions in {elapsed:.1f}s "
        f"({(revisions + 1) / elapsed:.0f} req/s, one connection); ListTaskDefinitions default "
        f"page = {len(arns)} ARNs, {more}, {len(json.dumps(page))} bytes"
    )


# --------------------------------------------------------------------------------------------
# wrk


@dataclass
class WrkResult:
    requests: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)  # "50" -> ms
    non_2xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    server_cores: float = 0.0  # server CPU seconds / wall seconds
    wrk_cores: float = 0.0
    raw: str = ""

    @property
    def errors(self) -> int:
        return self.non_2xx + sum(self.socket_errors.values())


UNIT_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def parse_wrk(text: str) -> WrkResult:
    r = WrkResult(raw=text)
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h)", text)
    if not m:
        raise RuntimeError("cannot parse wrk output:\n" + text)
    r.requests = int(m.group(1))
    r.seconds = float(m.group(2)) * UNIT_MS[m.group(3)] / 1e3
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    r.rps = float(m.group(1)) if m else 0.0
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M):
        r.latency_ms[pct] = float(value) * UNIT_MS[unit]
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    r.non_2xx = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        r.socket_errors = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    return r


def run_wrk(server: Server, operation: str, body: dict, conns: int, threads: int,
            duration: float, timeout: float) -> WrkResult:
    threads = max(1, min(threads, conns))
    env = dict(
        os.environ,
        BENCH_OPERATION=operation,
        BENCH_BODY=json.dumps(body),
        BENCH_AUTH=AUTH,
    )
    cmd = [
        "wrk", f"-t{threads}", f"-c{conns}", f"-d{duration:g}s", f"--timeout", f"{timeout:g}s",
        "--latency", "-s", str(LUA), server.url,
    ]
    cpu_before = server.cpu_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=duration + 120)
    wall = time.monotonic() - wall
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr}\n{proc.stdout}")
    r = parse_wrk(proc.stdout)
    r.server_cores = (server.cpu_seconds() - cpu_before) / wall
    r.wrk_cores = (
        (children_after.ru_utime - children_before.ru_utime)
        + (children_after.ru_stime - children_before.ru_stime)
    ) / wall
    return r


# --------------------------------------------------------------------------------------------
# Report


def fs_type(path: Path) -> str:
    """The filesystem type holding path, from /proc/mounts (longest matching mount point)."""
    best, kind = "", "?"
    real = str(path.resolve())
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            mnt, fstype = parts[1], parts[2]
            if (real == mnt or real.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                best, kind = mnt, fstype
    except OSError:
        pass
    return f"{kind} ({real})"


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
        for s in (minecs, moto):
            line = seed(s, args.revisions)
            print(line, file=sys.stderr)
            notes.append(line)

        for operation, body in OPERATIONS:
            for conns in CONNECTIONS:
                threads = 1 if conns == 1 else args.threads
                results = {}
                for server, seconds in ((minecs, args.minecs_seconds), (moto, args.moto_seconds)):
                    r = run_wrk(server, operation, body, conns, threads, seconds, args.timeout)
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

    # ---- the table
    out: list[str] = []
    out.append("# ECS API benchmark: minecs vs moto")
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
    def mib(kb: int | None) -> str:
        return "?" if kb is None else f"{kb / 1024:.1f} MiB"

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
        "- Both servers get the same unsigned `Authorization` header (SigV4 credential scope "
        f"`{REGION}/ecs`): moto routes a request with no such header to S3, not ECS."
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
