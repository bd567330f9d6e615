#!/usr/bin/env python3
"""`docker push` then `docker pull` of one image through minecs's ECR (its authenticating proxy in
front of the docker-registry it runs) against the same registry program used directly, without
minecs: the figure is how much the proxy costs, which should be next to nothing since the registry
does the work. Each run pushes a fresh image (one layer of random bytes, so that nothing is
deduplicated or compressed away) to each side, then removes it locally and pulls it back.
Prints a markdown table (and writes it to --out); progress goes to stderr.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Minecs, docker, emit_report, free_port, logger  # noqa: E402

log = logger("ecr")
ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921."


def ecr_call(port: int, operation: str, body: dict) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/", body=json.dumps(body),
                 headers={"Content-Type": "application/x-amz-json-1.1",
                          "X-Amz-Target": ECR_TARGET + operation})
    resp = conn.getresponse()
    data = json.loads(resp.read() or b"{}")
    if resp.status != 200:
        raise RuntimeError(f"{operation} -> {resp.status}: {data}")
    return data


def random_image(name: str, size_mb: int) -> str:
    """One layer of random bytes (incompressible), imported as NAME."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        body = os.urandom(size_mb * 1024 * 1024)
        info = tarfile.TarInfo("payload")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    subprocess.run(["docker", "import", "-", name], input=data.getvalue(), check=True,
                   capture_output=True, timeout=300)
    return name


def wait_port(port: int, timeout: float = 10) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def timed(env: dict, *args: str) -> float:
    start = time.monotonic()
    subprocess.run(["docker", *args], check=True, capture_output=True, env=env, timeout=600)
    return time.monotonic() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minecs", required=True, type=Path)
    ap.add_argument("--registry", default="/usr/bin/docker-registry")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size-mb", type=int, default=64)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="minecs-ecr-bench-"))
    env = dict(os.environ, DOCKER_CONFIG=str(work / "docker-config"))
    made: list[str] = []
    direct = None
    server = None
    try:
        port = free_port()
        (work / "direct").mkdir()
        (work / "direct.yml").write_text(
            "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
            f"storage:\n  filesystem:\n    rootdirectory: {work / 'direct'}\n"
            f"http:\n  addr: 127.0.0.1:{port}\n")
        direct = subprocess.Popen([args.registry, "serve", str(work / "direct.yml")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(port)
        server = Minecs(args.minecs, work, "minecs-ecr-bench-data-",
                        extra_args=("--ephemeral", "--no-docker"))
        repo = ecr_call(server.port, "CreateRepository", {"repositoryName": "bench/app"})
        uri = repo["repository"]["repositoryUri"]
        token = ecr_call(server.port, "GetAuthorizationToken", {})["authorizationData"][0]
        password = base64.b64decode(token["authorizationToken"]).decode().split(":", 1)[1]
        subprocess.run(["docker", "login", "--username", "AWS", "--password-stdin",
                        uri.split("/")[0]], input=password, text=True, check=True,
                       capture_output=True, env=env)
        sides = {"docker-registry directly": f"127.0.0.1:{port}/bench/app",
                 "through minecs's ECR": uri}
        times: dict[str, dict[str, list[float]]] = {s: {"push": [], "pull": []} for s in sides}
        for run in range(args.runs):
            for side, target in sides.items():
                local = random_image(f"minecs-bench/ecr:{run}-{len(times[side]['push'])}",
                                     args.size_mb)
                made.append(local)
                ref = f"{target}:run{run}"
                docker("tag", local, ref)
                made.append(ref)
                times[side]["push"].append(timed(env, "push", ref))
                docker("image", "rm", local, ref)
                times[side]["pull"].append(timed(env, "pull", ref))
                log(f"run {run} {side}: push {times[side]['push'][-1]:.2f} s, "
                    f"pull {times[side]['pull'][-1]:.2f} s")
        base = times["docker-registry directly"]
        lines = [f"One {args.size_mb} MB layer, median of {args.runs} runs (seconds):", "",
                 "| path | docker push | docker pull | push+pull vs direct |", "|---|---|---|---|"]
        base_total = statistics.median(base["push"]) + statistics.median(base["pull"])
        for side in sides:
            push = statistics.median(times[side]["push"])
            pull = statistics.median(times[side]["pull"])
            lines.append(f"| {side} | {push:.2f} | {pull:.2f} | "
                         f"{(push + pull) / base_total:.2f}x |")
        emit_report(lines, args.out)
        return 0
    finally:
        for ref in made:
            subprocess.run(["docker", "image", "rm", ref], capture_output=True)
        if server:
            server.stop()
        if direct:
            direct.terminate()
            direct.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
