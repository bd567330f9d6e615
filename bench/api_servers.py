"""The two servers api_bench.py compares, minecs and moto: started on free loopback ports, waited
for, seeded alike (one cluster, --revisions revisions of one family) and stopped; the unsigned
Authorization header both are sent, and the task definition the benchmark registers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import Client, free_port, private_copy, proc_cpu_seconds, proc_status_kb

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


def client_of(port: int) -> Client:
    return Client(port, timeout=60, headers={"Authorization": AUTH})


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
        return proc_status_kb(self.proc.pid, key)

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
