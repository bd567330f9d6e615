#!/usr/bin/env python3
"""An ALB's cost: the same wrk load sent straight to a task and through an ELBv2 application load
balancer of minecs in front of it, side by side in one run.

For each backend (--backends), a one-task Fargate service serving a 3-byte page on port 8080 in
the default VPC sits behind an ip target group that an internal ALB's HTTP:80 listener forwards
to. `keepalive` (bench/keepalive/keepalive_httpd.c: HTTP/1.1 keep-alive, one epoll thread, tens of
thousands of requests/s) costs next to nothing per request, so the difference is the proxy's;
`busybox` (busybox httpd: a process and a new connection per request) saturates at a few hundred
requests/s, so there both paths measure mostly its queue. Once its
target is `healthy`, wrk (--threads, --conns, --seconds, with --latency) runs against
http://<task address>:8080/ and against http://<ALB address>/, alternately, --repeats times; the
ALB's address is what its DNSName resolves to through minecs's DNS responder on the VPC network's
gateway, as the host resolves it. Reported: the median requests/s, p50 and p99 of each, the ALB's
share of direct throughput and the p50 it adds. Where Debian's nginx is installed (nginx-light
will do; it is optional), a third path goes through nginx with one worker process, the ALB's
single event loop, set up as a reverse proxy of the task that keeps its upstream connections alive
and adds X-Forwarded-*, as a reference: what a production proxy keeps on the same shared cores.
Everything is removed at the end. Uses boto3 for the setup, wrk from Debian. Entry point for
people: bench/alb_bench.sh.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_wrk import parse_wrk  # noqa: E402
from common import IMAGE, Minecs, docker, free_port, instance_of_task, logger  # noqa: E402
from common import remove_labelled  # noqa: E402

REGION = "us-east-1"
KEEPALIVE_IMAGE = "minecs-bench/keepalive:latest"
BACKENDS = {
    "keepalive": (KEEPALIVE_IMAGE, ["/bin/keepalive_httpd", "8080"],
                  "a static HTTP/1.1 server that keeps connections alive (bench/keepalive)"),
    "busybox": (IMAGE, ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && "
                        "exec httpd -f -p 8080 -h /www"],
                "busybox httpd (a new connection per request: it does not keep alive)"),
}
log = logger("alb_bench")


def resolve(name: str, server: str) -> str:
    """The first A record of `name`, asked of the DNS server at server:53 over UDP."""
    qid = random.randrange(1 << 16)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split("."))
    packet = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question + b"\0" + \
        struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(packet, (server, 53))
        reply = s.recv(4096)
    answers = struct.unpack(">H", reply[6:8])[0]
    at = len(packet)  # the question is echoed as it was sent
    for _ in range(answers):
        at += 2 if reply[at] & 0xC0 == 0xC0 else reply.index(b"\0", at) + 1 - at
        rtype, _, _, length = struct.unpack(">HHIH", reply[at:at + 10])
        at += 10
        if rtype == 1 and length == 4:
            return socket.inet_ntoa(reply[at:at + 4])
        at += length
    raise RuntimeError(f"{name}: no A record from {server}")


def task_gateway(task_arn: str) -> str:
    """The gateway of the network the task's namespace holder is on (minecs's DNS listens there)."""
    for cid in docker("ps", "-q", "--filter", f"label=com.amazonaws.ecs.task-arn={task_arn}").split():
        info = json.loads(docker("inspect", cid))[0]
        if not info["HostConfig"]["NetworkMode"].startswith("container:"):
            return next(iter(info["NetworkSettings"]["Networks"].values()))["Gateway"]
    raise RuntimeError(f"no namespace holder for {task_arn}")


def wrk(url: str, args) -> dict:
    out = subprocess.run(["wrk", "--latency", "-t", str(args.threads), "-c", str(args.conns),
                          "-d", f"{args.seconds}s", url],
                         capture_output=True, text=True, timeout=args.seconds + 60).stdout
    r = parse_wrk(out)
    return {"rps": r.rps, "p50": r.latency_ms.get("50", 0.0), "p99": r.latency_ms.get("99", 0.0),
            "errors": r.errors, "requests": r.requests}


def wait(what: str, fn, timeout: float = 120, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(interval)
    raise RuntimeError(f"timed out waiting for {what}")


def setup(m: Minecs, backend: str) -> tuple[str, str, str]:
    """(task URL, ALB URL, task ARN) of a one-task service behind a healthy target."""
    kw = dict(endpoint_url=f"http://127.0.0.1:{m.port}", region_name=REGION,
              aws_access_key_id="test", aws_secret_access_key="test")
    ecs, ec2, elb = (boto3.client(s, **kw) for s in ("ecs", "ec2", "elbv2"))
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]][:2]
    name = f"alb-bench-{backend}"
    image, command, _ = BACKENDS[backend]
    ecs.create_cluster(clusterName=name)
    td = ecs.register_task_definition(
        family=name, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="2048",
        memory="4096", containerDefinitions=[{"name": "web", "image": image, "command": command,
                                             "portMappings": [{"containerPort": 8080}]}],
    )["taskDefinition"]["taskDefinitionArn"]
    group = elb.create_target_group(
        Name=name, Protocol="HTTP", Port=8080, VpcId=vpc["VpcId"], TargetType="ip",
        HealthCheckPath="/index.html", HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2,
        HealthyThresholdCount=2,
    )["TargetGroups"][0]["TargetGroupArn"]
    lb = elb.create_load_balancer(Name=name, Subnets=subnets, Scheme="internal",
                                  Type="application")["LoadBalancers"][0]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])
    ecs.create_service(cluster=name, serviceName="web", taskDefinition=td, desiredCount=1,
                       launchType="FARGATE",
                       networkConfiguration={"awsvpcConfiguration": {"subnets": subnets[:1]}},
                       loadBalancers=[{"targetGroupArn": group, "containerName": "web",
                                       "containerPort": 8080}])
    healthy = wait("a healthy target", lambda: [
        d["Target"]["Id"] for d in elb.describe_target_health(
            TargetGroupArn=group)["TargetHealthDescriptions"]
        if d["TargetHealth"]["State"] == "healthy"])
    task = ecs.list_tasks(cluster=name)["taskArns"][0]
    address = wait("the ALB's name", lambda: _try(resolve, lb["DNSName"], task_gateway(task)))
    return f"http://{healthy[0]}:8080/index.html", f"http://{address}/index.html", task


NGINX_CONF = """worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/nginx-body;
  proxy_temp_path {workdir}/nginx-proxy;
  upstream task {{ server {upstream}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://task;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto http;
      proxy_set_header X-Forwarded-Port {port};
    }}
  }}
}}
"""


def start_nginx(direct_url: str, workdir: Path):
    """(process, URL) of the reference nginx in front of the task, or None without nginx."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                       else None)
    if binary is None:
        return None
    port = free_port()
    upstream = direct_url.split("/")[2]
    conf = workdir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workdir=workdir, upstream=upstream, port=port))
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def answers():
        if proc.poll() is not None:
            return True  # it ended: said below
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False
    wait("nginx listening", answers, timeout=10, interval=0.1)
    if proc.poll() is not None:
        raise RuntimeError("nginx did not start: " + (workdir / "nginx-error.log").read_text())
    return proc, f"http://127.0.0.1:{port}/{direct_url.split('/', 3)[3]}"


def _try(fn, *args):
    try:
        return fn(*args)
    except (OSError, RuntimeError):
        return None


def table(backend: str, runs: dict[str, list[dict]]) -> list[str]:
    med = {k: {f: statistics.median(r[f] for r in v) for f in ("rps", "p50", "p99")}
           for k, v in runs.items()}
    errors = {k: sum(r["errors"] for r in v) for k, v in runs.items()}
    share = med["alb"]["rps"] / med["direct"]["rps"] if med["direct"]["rps"] else 0.0
    added = med["alb"]["p50"] - med["direct"]["p50"]
    paths = [("direct", "straight to the task"), ("alb", "through the ALB"),
             ("nginx", "through nginx (reference, one worker)")]
    lines = [
        f"## backend: {backend}, {BACKENDS[backend][2]}",
        "",
        "| path | requests/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|",
    ]
    for k, title in ((k, t) for k, t in paths if k in med):
        lines.append(f"| {title} | {med[k]['rps']:.0f} | {med[k]['p50']:.2f} | "
                     f"{med[k]['p99']:.2f} | {errors[k]} |")
    lines += ["", f"ALB share of direct throughput: **{share:.0%}** (aim: at least 80 %); "
              f"p50 added: **{added:.2f} ms** (aim: under 0.5 ms)."]
    if "nginx" in med and med["direct"]["rps"]:
        lines.append(f"nginx's share: {med['nginx']['rps'] / med['direct']['rps']:.0%}; p50 "
                     f"added: {med['nginx']['p50'] - med['direct']['p50']:.2f} ms.")
    return lines + [""]


def report(args, results: dict[str, dict[str, list[dict]]]) -> str:
    lines = [
        "# ALB throughput and latency against the task directly",
        "",
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
        f"{platform.node()}, {os.cpu_count()} cores; wrk -t{args.threads} -c{args.conns} "
        f"-d{args.seconds}s --latency, median of {args.repeats} alternating runs; backend: one "
        "Fargate task per backend below.",
        "",
    ]
    for backend, runs in results.items():
        lines += table(backend, runs)
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--minecs", required=True, type=Path)
    p.add_argument("--conns", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--out", type=Path)
    p.add_argument("--backends", default="keepalive,busybox",
                   help="comma-separated, of: " + ", ".join(BACKENDS))
    args = p.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="alb-bench-"))
    m = Minecs(args.minecs, workdir, "minecs-alb-bench-")
    instances = set()
    nginxes = []
    try:
        results: dict[str, dict[str, list[dict]]] = {}
        for backend in args.backends.split(","):
            direct, alb, task = setup(m, backend)
            instances.add(instance_of_task(task))
            log(f"{backend}: direct {direct}, through the ALB {alb}")
            urls = {"direct": direct, "alb": alb}
            reference = start_nginx(direct, workdir) if backend == "keepalive" else None
            if reference:
                nginxes.append(reference[0])
                urls["nginx"] = reference[1]
            runs: dict[str, list[dict]] = {k: [] for k in urls}
            for i in range(args.repeats):
                for k, url in urls.items():
                    runs[k].append(wrk(url, args))
                    log(f"{backend} run {i + 1} {k}: {runs[k][-1]}")
            results[backend] = runs
        text = report(args, results)
        print(text)
        if args.out:
            args.out.write_text(text)
        return 0
    finally:
        for proc in nginxes:
            proc.terminate()
            proc.wait(10)
        m.stop()
        for instance in instances - {None}:
            remove_labelled(f"minecs.instance={instance}")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
