"""wrk as api_bench.py drives it: one API call (wrk_api.lua) against one server for a while,
wrk's report parsed into a WrkResult, with the CPU the server and wrk used beside it.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import time
from dataclasses import dataclass, field

from api_servers import AMZ_DATE, ApiCall, Server
from common import HERE

LUA = HERE / "wrk_api.lua"


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


def run_wrk(server: Server, call: ApiCall, conns: int, threads: int, duration: float,
            timeout: float) -> WrkResult:
    threads = max(1, min(threads, conns))
    env = dict(
        os.environ,
        BENCH_CONTENT_TYPE=call.content_type,
        BENCH_TARGET=call.target,
        BENCH_BODY=call.body,
        BENCH_AUTH=call.auth,
        BENCH_AMZ_DATE=AMZ_DATE,
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
