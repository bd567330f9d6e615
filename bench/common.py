"""What the benchmarks share: the ECS JSON 1.1 client, free ports and /proc readings, a minecs
server of their own, Docker helpers and the cleanup of what a run leaves behind. Standard library
only; imported by api_bench.py (and its api_*.py modules), task_bench.py and service_bench.py (run
them from any directory: they put bench/ on sys.path).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113."
IMAGE = "minecs-test/busybox:latest"
# Exits at once on SIGTERM, so that stopping many tasks takes seconds, not stopTimeouts.
COMMAND = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]


def logger(name: str):
    """A progress logger to stderr, each line stamped with the bench's name and the time."""
    def log(msg: str) -> None:
        print(f"[{name} {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)
    return log


# --------------------------------------------------------------------------------------------
# The ECS API


class Client:
    """JSON 1.1 over one kept-alive connection (reopened when the server closes it). `headers`
    are added to every request (moto needs an Authorization header to route to ECS)."""

    def __init__(self, port: int, timeout: float = 120, headers: dict | None = None):
        self.port = port
        self.timeout = timeout
        self.headers = headers or {}
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, operation: str, body: dict) -> tuple[int, dict]:
        """(HTTP status, parsed body) whatever the status."""
        payload = json.dumps(body)
        headers = {"Content-Type": "application/x-amz-json-1.1",
                   "X-Amz-Target": TARGET_PREFIX + operation, **self.headers}
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                       timeout=self.timeout)
            try:
                self.conn.request("POST", "/", body=payload, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed in between: retry once on a new one.
                self.close()
                if attempt == 1:
                    raise
                continue
            if resp.will_close:
                self.close()
            try:
                parsed = json.loads(data) if data else {}
            except ValueError:
                parsed = {"__raw": data[:200].decode("utf-8", "replace")}
            return resp.status, parsed
        raise AssertionError("unreachable")

    def call(self, operation: str, body: dict) -> dict:
        """The answer of a call that must succeed; RuntimeError otherwise."""
        status, out = self.request(operation, body)
        if status != 200:
            raise RuntimeError(f"{operation} -> HTTP {status}: {json.dumps(out)[:400]}")
        return out


# --------------------------------------------------------------------------------------------
# The machine


def emit_report(lines: list[str], out: Path | None) -> None:
    """Prints a bench's Markdown report and writes it to --out when one is given."""
    report = "\n".join(lines) + "\n"
    print(report)
    if out:
        out.write_text(report)


def free_port() -> int:
    """A loopback TCP port that is free now, for a server that cannot be told --port 0."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status_kb(pid: int, key: str) -> int | None:
    """A kB value of /proc/PID/status (VmHWM, VmRSS); read before the process is stopped."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


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


# --------------------------------------------------------------------------------------------
# minecs


def private_copy(binary: Path, workdir: Path) -> Path:
    """A copy of the binary to run, so a teammate relinking build/minecs mid-run changes nothing."""
    copy = workdir / "minecs"
    shutil.copy2(binary, copy)
    return copy


def proc_cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Minecs:
    """A minecs server on a free port with a fresh data directory, removed by stop(). Its output
    is kept in `lines` and, when `log_path` is given, written there as it comes. `extra_args`
    follow the port and data directory (an older release without --ephemeral gets none)."""

    def __init__(self, binary: Path, workdir: Path, data_prefix: str,
                 log_path: Path | None = None, extra_args: tuple[str, ...] = ("--ephemeral",)):
        self.data_dir = Path(tempfile.mkdtemp(prefix=data_prefix))
        self.binary = private_copy(binary, workdir)
        self.log_path = log_path
        self.log_file = open(log_path, "w") if log_path else None
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [str(self.binary), "--port", "0", "--data-dir", str(self.data_dir), *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
        ready = threading.Event()
        self.port = 0

        def pump():
            for line in self.proc.stdout:
                self.lines.append(line)
                if self.log_file:
                    self.log_file.write(line)
                    self.log_file.flush()
                m = re.search(r"listening on http://[\d.]+:(\d+)", line)
                if m:
                    self.port = int(m.group(1))
                    ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(30):
            self.stop()
            raise RuntimeError("minecs did not start:\n" + "".join(self.lines[-30:]))
        self.client = Client(self.port)

    def cpu_seconds(self) -> float:
        return proc_cpu_seconds(self.proc.pid)

    def errors_logged(self) -> list[str]:
        return [line.rstrip() for line in self.lines if re.search(r" (error|critical) ", line)]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log_file:
            self.log_file.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Docker


def docker(*args: str, check: bool = True, timeout: float = 300) -> str:
    r = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"docker {' '.join(args[:3])} failed ({r.returncode}): "
                           f"{r.stderr.strip()}")
    return r.stdout.strip()


def remove_labelled(label: str) -> int:
    """Removes the containers and networks with a label; returns how many containers."""
    ids = docker("ps", "-aq", "--filter", f"label={label}", check=False).split()
    if ids:
        docker("rm", "-f", *ids, check=False)
    nets = docker("network", "ls", "-q", "--filter", f"label={label}", check=False).split()
    if nets:
        docker("network", "rm", *nets, check=False)
    return len(ids)


def instance_of_task(task_arn: str) -> str | None:
    """The minecs.instance label on a task's containers: what to clean up after the server."""
    ids = docker("ps", "-aq", "--filter", f"label=com.amazonaws.ecs.task-arn={task_arn}",
                 check=False).split()
    for cid in ids:
        labels = json.loads(docker("inspect", "-f", "{{json .Config.Labels}}", cid, check=False)
                            or "{}") or {}
        if labels.get("minecs.instance"):
            return labels["minecs.instance"]
    return None
