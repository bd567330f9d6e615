#!/usr/bin/env python3
"""How soon a task's Cloud Map name resolves: from a task becoming RUNNING until its address is in
the answer for `<service>.<namespace>`.

One server (--ephemeral); a private DNS namespace in the default VPC, a Cloud Map service with A
records, and an awsvpc service registered in it (serviceRegistries), plus a client task in the
same VPC. The service is scaled up one task at a time, --trials (10) times. For each new task, the
moment it became RUNNING is its `startedAt` (minecs's own clock, the moment it wrote RUNNING; the
same machine's clock as ours), and the moment its name resolves is when the DNS responder that the
tasks' containers use (on their network's gateway, which Docker's embedded DNS inside each task
forwards to) first answers with its address, asked from the host every 5 ms. At the end the
client task's own `nslookup` must give the same addresses. Goal: under 1 s.
  bench/discovery_bench.py --binary build/minecs --trials 10 --out bench/results/discovery.md
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import socket
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from common import COMMAND, IMAGE, docker, logger  # noqa: E402

CLUSTER = "discovery-bench"
SUBNET_BLOCK = "172.31.144.0/20"
log = logger("discovery_bench")


def a_query(server: str, name: str, timeout: float = 0.5) -> set[str]:
    """The A records the DNS server at `server`:53 answers for `name` (empty on no answer)."""
    qid = random.randrange(65536)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    packet = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + question + struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        try:
            s.sendto(packet, (server, 53))
            data = s.recv(4096)
        except OSError:
            return set()
    rid, _, qd, an = struct.unpack(">HHHH", data[:8])
    if rid != qid:
        return set()
    at = 12
    for _ in range(qd):
        while data[at] != 0:
            at += 1 + data[at]
        at += 5
    out = set()
    for _ in range(an):
        at += 2 if data[at] & 0xC0 == 0xC0 else len(data[at:].split(b"\0", 1)[0]) + 1
        rtype, _, _, length = struct.unpack(">HHIH", data[at:at + 10])
        at += 10
        if rtype == 1 and length == 4:
            out.add(socket.inet_ntoa(data[at:at + 4]))
        at += length
    return out


def clients(port: int):
    import boto3  # only here: the rest of bench/ speaks the wire protocol itself
    kw = {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-east-1",
          "aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
    from botocore.config import Config
    return (boto3.client("ecs", **kw), boto3.client("ec2", **kw),
            boto3.client("servicediscovery", config=Config(inject_host_prefix=False), **kw))


def address_of(task: dict) -> str | None:
    for a in task.get("attachments", []):
        for d in a.get("details", []):
            if d["name"] == "privateIPv4Address":
                return d["value"]
    return None


def tasks(ecs, service: str | None = None) -> list[dict]:
    kw = {"serviceName": service} if service else {}
    arns = ecs.list_tasks(cluster=CLUSTER, desiredStatus="RUNNING", **kw)["taskArns"]
    return ecs.describe_tasks(cluster=CLUSTER, tasks=arns)["tasks"] if arns else []


def wait(what: str, fn, timeout: float = 120, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(interval)
    raise RuntimeError(f"timed out waiting for {what}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", type=Path, default=Path("build/minecs"))
    ap.add_argument("--trials", type=int, default=10)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    lags: list[float] = []
    with tempfile.TemporaryDirectory(prefix="discovery-bench-") as tmp:
        m = common.Minecs(args.binary, Path(tmp), "minecs-discovery-bench-", Path(tmp) / "log")
        try:
            ecs, ec2, sd = clients(m.port)
            vpc = ec2.describe_vpcs(
                Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=SUBNET_BLOCK)["Subnet"]["SubnetId"]
            network = {"awsvpcConfiguration": {"subnets": [subnet]}}
            op = sd.create_private_dns_namespace(Name="bench.local", Vpc=vpc)["OperationId"]
            ns = wait("the namespace", lambda: (lambda o: o["Targets"]["NAMESPACE"] if o[
                "Status"] == "SUCCESS" else None)(sd.get_operation(OperationId=op)["Operation"]))
            registry = sd.create_service(
                Name="web", NamespaceId=ns,
                DnsConfig={"RoutingPolicy": "MULTIVALUE",
                           "DnsRecords": [{"Type": "A", "TTL": 10}]})["Service"]["Arn"]
            ecs.create_cluster(clusterName=CLUSTER)
            ecs.register_task_definition(
                family="discovery-bench", networkMode="awsvpc", cpu="256", memory="512",
                requiresCompatibilities=["FARGATE"],
                containerDefinitions=[{"name": "app", "image": IMAGE, "command": COMMAND,
                                       "essential": True, "stopTimeout": 2}])
            client = ecs.run_task(cluster=CLUSTER, taskDefinition="discovery-bench",
                                  launchType="FARGATE", networkConfiguration=network)
            client_arn = client["tasks"][0]["taskArn"]
            ecs.create_service(cluster=CLUSTER, serviceName="web",
                               taskDefinition="discovery-bench", desiredCount=0,
                               launchType="FARGATE", networkConfiguration=network,
                               serviceRegistries=[{"registryArn": registry}])
            wait("the client task", lambda: [t for t in tasks(ecs) if t["taskArn"] == client_arn
                                             and t["lastStatus"] == "RUNNING"])
            found = wait("the DNS responder", lambda: [
                re.search(r"dns: answering the tasks of network \S+ at ([\d.]+):53", line)
                for line in m.lines if "dns: answering" in line])
            server = found[-1].group(1)
            name = "web.bench.local"
            for trial in range(1, args.trials + 1):
                before = {t["taskArn"] for t in tasks(ecs, "web")}
                ecs.update_service(cluster=CLUSTER, service="web", desiredCount=trial)
                new = wait("the new task's address", lambda: [
                    t for t in tasks(ecs, "web") if t["taskArn"] not in before and address_of(t)],
                    interval=0.02)[0]
                address = address_of(new)
                wait(f"{address} in the answer", lambda: address in a_query(server, name),
                     interval=0.005)
                resolved = time.time()
                started = wait("startedAt", lambda: [
                    t for t in tasks(ecs, "web") if t["taskArn"] == new["taskArn"]
                    and t.get("startedAt")])[0]["startedAt"].timestamp()
                lags.append(resolved - started)
                log(f"trial {trial}: {address} resolved {1000 * lags[-1]:.0f} ms after RUNNING")
            cid = [c for t in tasks(ecs) if t["taskArn"] == client_arn
                   for c in t["containers"]][0]["runtimeId"]
            inside = set(re.findall(r"Address:\s*(\d+\.\d+\.\d+\.\d+)", docker(
                "exec", cid, "nslookup", name, check=False).split(name, 1)[-1]))
            expected = {address_of(t) for t in tasks(ecs, "web")}
            if inside != expected:
                raise RuntimeError(f"the client task resolves {inside}, not {expected}")
            ecs.update_service(cluster=CLUSTER, service="web", desiredCount=0)
            ecs.delete_service(cluster=CLUSTER, service="web", force=True)
            ecs.stop_task(cluster=CLUSTER, task=client_arn)
            wait("the tasks to stop", lambda: not tasks(ecs), timeout=120, interval=0.5)
        finally:
            m.stop()
    lines = [f"# Cloud Map name resolution: {args.trials} tasks",
             "", f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}, `{args.binary}`; load average "
             f"{os.getloadavg()[0]:.1f} at the end. From each new task's `startedAt` (RUNNING) "
             "until the tasks' DNS responder first answered its address for "
             "`web.bench.local` (asked every 5 ms); the client task's nslookup agreed at the end.",
             "", "| trial | RUNNING → resolves |", "| ---: | ---: |"]
    lines += [f"| {i} | {1000 * lag:.0f} ms |" for i, lag in enumerate(lags, 1)]
    lines += ["", f"Median {1000 * statistics.median(lags):.0f} ms, max {1000 * max(lags):.0f} ms "
              f"(goal: under 1 s)."]
    common.emit_report(lines, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
