"""The two servers api_bench.py compares, minecs and moto: started on free loopback ports, waited
for, seeded alike (ECS: one cluster, --revisions revisions of one family; EC2: a few VPCs and
subnets) and stopped; the requests both are sent (ApiCall: body and headers, with an unsigned
SigV4-looking Authorization header that names the service), and the task definition the benchmark
registers.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from common import (
    TARGET_PREFIX, Client, free_port, private_copy, proc_cpu_seconds, proc_status_kb)

REGION = "us-east-1"
AMZ_DATE = "20240101T000000Z"


def auth_for(service: str) -> str:
    """An Authorization header shaped as botocore's SigV4 one, for `service` ("ecs", "ec2").
    Unsigned: minecs ignores signatures, and moto only reads the credential scope. moto needs the
    header all the same: without it, it does not route the request to the service at all (it
    answers as S3)."""
    return (
        f"AWS4-HMAC-SHA256 Credential=test/{AMZ_DATE[:8]}/{REGION}/{service}/aws4_request, "
        f"SignedHeaders=content-type;host;x-amz-date, Signature={'0' * 64}"
    )


AUTH = auth_for("ecs")
EC2_VERSION = "2016-11-15"
FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8"  # as botocore sends Query calls


@dataclass(frozen=True)
class ApiCall:
    """One request as wrk (and the checks before it) send it."""
    content_type: str
    target: str  # X-Amz-Target of a JSON-1.1 operation; "" for a Query call
    body: str
    auth: str

    def headers(self) -> dict[str, str]:
        h = {"Content-Type": self.content_type, "Authorization": self.auth, "X-Amz-Date": AMZ_DATE}
        if self.target:
            h["X-Amz-Target"] = self.target
        return h


def ecs_call(operation: str, body: dict) -> ApiCall:
    return ApiCall("application/x-amz-json-1.1", TARGET_PREFIX + operation, json.dumps(body),
                   AUTH)


def ec2_call(action: str, params: dict[str, str] | None = None) -> ApiCall:
    """An EC2 Query call: a form body with Action and Version first, as botocore serializes it."""
    form = {"Action": action, "Version": EC2_VERSION, **(params or {})}
    return ApiCall(FORM_TYPE, "", urllib.parse.urlencode(form, quote_via=urllib.parse.quote),
                   auth_for("ec2"))


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


# --------------------------------------------------------------------------------------------
# EC2 (Query protocol)

EC2_VPCS = 4  # created besides the default VPC; DescribeVpcs lists them all
EC2_SUBNETS = 6  # created in the first of them, two per zone; DescribeSubnets filters on it
EC2_ZONES = ("a", "b", "c")  # zones both servers have in every region


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def send(server: Server, call: ApiCall) -> tuple[int, bytes]:
    """One request on a connection of its own (moto closes each after its reply anyway)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request("POST", "/", body=call.body, headers=call.headers())
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def ec2(server: Server, action: str, params: dict[str, str] | None = None) -> ET.Element:
    """The XML answer of an EC2 call that must succeed; RuntimeError otherwise."""
    status, data = send(server, ec2_call(action, params))
    if status != 200:
        raise RuntimeError(f"{server.name} {action} -> HTTP {status}: {data[:400]!r}")
    return ET.fromstring(data)


def child_text(elem: ET.Element, name: str) -> str:
    for c in elem:
        if local(c.tag) == name:
            return c.text or ""
    raise RuntimeError(f"no <{name}> in <{local(elem.tag)}>")


def items(root: ET.Element, set_name: str) -> list[ET.Element]:
    """The <item>s of a top-level <vpcSet>, <subnetSet>..."""
    for c in root:
        if local(c.tag) == set_name:
            return [i for i in c if local(i.tag) == "item"]
    raise RuntimeError(f"no <{set_name}> in <{local(root.tag)}>")


def tags(i: int, kind: str) -> dict[str, str]:
    return {
        "TagSpecification.1.ResourceType": kind,
        "TagSpecification.1.Tag.1.Key": "Name",
        "TagSpecification.1.Tag.1.Value": f"bench-{kind}-{i}",
        "TagSpecification.1.Tag.2.Key": "team",
        "TagSpecification.1.Tag.2.Value": "bench",
    }


def seed_ec2(server: Server) -> tuple[dict[str, str], dict[str, int], str]:
    """Creates EC2_VPCS VPCs and EC2_SUBNETS subnets in the first; returns what the benchmark's
    requests refer to ({"vpc_id": ...}), the counts the two benchmarked calls answer with, and a
    line for the report."""
    started = time.monotonic()
    vpc_ids = []
    for i in range(EC2_VPCS):
        root = ec2(server, "CreateVpc", {"CidrBlock": f"10.{i}.0.0/16", **tags(i, "vpc")})
        vpc = [c for c in root if local(c.tag) == "vpc"][0]
        vpc_ids.append(child_text(vpc, "vpcId"))
    for k in range(EC2_SUBNETS):
        ec2(server, "CreateSubnet", {
            "VpcId": vpc_ids[0], "CidrBlock": f"10.0.{k}.0/24",
            "AvailabilityZone": REGION + EC2_ZONES[k % len(EC2_ZONES)], **tags(k, "subnet")})
    elapsed = time.monotonic() - started
    state = {"vpc_id": vpc_ids[0]}
    counts = {}
    sizes = {}
    for operation, call in EC2_BENCH_CALLS.items():
        status, data = send(server, call(state))
        if status != 200:
            raise RuntimeError(f"{server.name} {operation} -> HTTP {status}: {data[:400]!r}")
        set_name = "vpcSet" if operation == "DescribeVpcs" else "subnetSet"
        counts[operation] = len(items(ET.fromstring(data), set_name))
        sizes[operation] = len(data)
    expected = {"DescribeVpcs": EC2_VPCS + 1, "DescribeSubnets": EC2_SUBNETS}
    if counts != expected:
        raise RuntimeError(f"{server.name}: EC2 answers hold {counts}, expected {expected}")
    return state, counts, (
        f"{server.name}: seeded {EC2_VPCS} VPCs + {EC2_SUBNETS} subnets in {elapsed:.1f}s; "
        + ", ".join(f"{op} answers {counts[op]} items in {sizes[op]} bytes" for op in counts))


# The EC2 rows' requests, from what seed_ec2 created on the server they are sent to: every VPC
# (the default one and those created), and the subnets of one VPC, as Terraform's data sources
# and the AWS CLI ask for them.
EC2_BENCH_CALLS = {
    "DescribeVpcs": lambda state: ec2_call("DescribeVpcs"),
    "DescribeSubnets": lambda state: ec2_call("DescribeSubnets", {
        "Filter.1.Name": "vpc-id", "Filter.1.Value.1": state["vpc_id"]}),
}


# --------------------------------------------------------------------------------------------
# ELBv2 (Query protocol, answered in XML)

ELBV2_VERSION = "2015-12-01"
ELBV2_BALANCERS = 3  # ALBs in the first VPC's subnets, each with an HTTP listener
ELBV2_GROUPS = 6  # ip target groups; balancer i's listener forwards to group i, a rule to i + 3
ELBV2_TARGETS = 10  # registered in group 0, which DescribeTargetHealth asks about


def elbv2_call(action: str, params: dict[str, str] | None = None) -> ApiCall:
    form = {"Action": action, "Version": ELBV2_VERSION, **(params or {})}
    return ApiCall(FORM_TYPE, "", urllib.parse.urlencode(form, quote_via=urllib.parse.quote),
                   auth_for("elasticloadbalancing"))


def elbv2(server: Server, action: str, params: dict[str, str] | None = None) -> ET.Element:
    status, data = send(server, elbv2_call(action, params))
    if status != 200:
        raise RuntimeError(f"{server.name} {action} -> HTTP {status}: {data[:400]!r}")
    return ET.fromstring(data)


def texts(root: ET.Element, name: str) -> list[str]:
    """The text of every element named `name` anywhere in the answer, in document order."""
    return [e.text or "" for e in root.iter() if local(e.tag) == name]


def seed_elbv2(server: Server, vpc_id: str) -> tuple[dict[str, str], dict[str, int], str]:
    """In the VPC seed_ec2 made (given an internet gateway, as an internet-facing balancer
    needs): ELBV2_BALANCERS ALBs in two of its subnets, ELBV2_GROUPS ip target groups, one HTTP
    listener per balancer and one path rule each, and ELBV2_TARGETS targets in group 0. Returns
    what the rows refer to, the counts they answer with and a line for the report."""
    started = time.monotonic()
    igw = child_text([c for c in ec2(server, "CreateInternetGateway")
                      if local(c.tag) == "internetGateway"][0], "internetGatewayId")
    ec2(server, "AttachInternetGateway", {"InternetGatewayId": igw, "VpcId": vpc_id})
    subnets = items(ec2(server, "DescribeSubnets", {
        "Filter.1.Name": "vpc-id", "Filter.1.Value.1": vpc_id}), "subnetSet")
    by_zone = {child_text(s, "availabilityZone"): child_text(s, "subnetId") for s in subnets}
    two = [by_zone[z] for z in sorted(by_zone)[:2]]
    groups = []
    for g in range(ELBV2_GROUPS):
        groups.append(texts(elbv2(server, "CreateTargetGroup", {
            "Name": f"bench-tg-{g}", "Protocol": "HTTP", "Port": "8080", "VpcId": vpc_id,
            "TargetType": "ip", "HealthCheckPath": "/health"}), "TargetGroupArn")[0])
    for b in range(ELBV2_BALANCERS):
        lb = texts(elbv2(server, "CreateLoadBalancer", {
            "Name": f"bench-lb-{b}", "Subnets.member.1": two[0], "Subnets.member.2": two[1]}),
            "LoadBalancerArn")[0]
        listener = texts(elbv2(server, "CreateListener", {
            "LoadBalancerArn": lb, "Protocol": "HTTP", "Port": "80",
            "DefaultActions.member.1.Type": "forward",
            "DefaultActions.member.1.TargetGroupArn": groups[b]}), "ListenerArn")[0]
        elbv2(server, "CreateRule", {
            "ListenerArn": listener, "Priority": "10",
            "Conditions.member.1.Field": "path-pattern",
            "Conditions.member.1.PathPatternConfig.Values.member.1": "/api/*",
            "Actions.member.1.Type": "forward",
            "Actions.member.1.TargetGroupArn": groups[b + ELBV2_BALANCERS]})
    targets = {f"Targets.member.{i + 1}.Id": f"10.0.0.{10 + i}" for i in range(ELBV2_TARGETS)}
    elbv2(server, "RegisterTargets", {"TargetGroupArn": groups[0], **targets})
    elapsed = time.monotonic() - started
    state = {"target_group_arn": groups[0]}
    counts, sizes = {}, {}
    for operation, call in ELBV2_BENCH_CALLS.items():
        status, data = send(server, call(state))
        if status != 200:
            raise RuntimeError(f"{server.name} {operation} -> HTTP {status}: {data[:400]!r}")
        root = ET.fromstring(data)
        counts[operation] = len({
            "DescribeLoadBalancers": texts(root, "LoadBalancerArn"),
            "DescribeTargetGroups": texts(root, "TargetGroupArn"),
            "DescribeTargetHealth": texts(root, "Id")}[operation])
        sizes[operation] = len(data)
    expected = {"DescribeLoadBalancers": ELBV2_BALANCERS,
                "DescribeTargetGroups": ELBV2_GROUPS,
                "DescribeTargetHealth": ELBV2_TARGETS}
    if counts != expected:
        raise RuntimeError(f"{server.name}: ELBv2 answers hold {counts}, expected {expected}")
    return state, counts, (
        f"{server.name}: seeded {ELBV2_BALANCERS} ALBs, {ELBV2_GROUPS} target groups, "
        f"{ELBV2_BALANCERS} listeners and rules, {ELBV2_TARGETS} targets in {elapsed:.1f}s; "
        + ", ".join(f"{op} answers {sizes[op]} bytes" for op in counts))


# The ELBv2 rows' requests: every balancer and every group (each group's LoadBalancerArns looked
# up), as Terraform's refresh and the console list them, and the health of one group's targets.
ELBV2_BENCH_CALLS = {
    "DescribeLoadBalancers": lambda state: elbv2_call("DescribeLoadBalancers"),
    "DescribeTargetGroups": lambda state: elbv2_call("DescribeTargetGroups"),
    "DescribeTargetHealth": lambda state: elbv2_call(
        "DescribeTargetHealth", {"TargetGroupArn": state["target_group_arn"]}),
}


# STS and IAM over the Query protocol: who the caller is, and one role read back.
STS_VERSION = "2011-06-15"
IAM_VERSION = "2010-05-08"
IAM_ROLE = "bench-role"
IAM_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def query_call(service: str, version: str, action: str,
               params: dict[str, str] | None = None) -> ApiCall:
    form = {"Action": action, "Version": version, **(params or {})}
    return ApiCall(FORM_TYPE, "", urllib.parse.urlencode(form, quote_via=urllib.parse.quote),
                   auth_for(service))


def seed_iam(server: Server) -> str:
    """One role with a trust policy, read back, and the caller's identity asked once."""
    started = time.monotonic()
    for call in (query_call("iam", IAM_VERSION, "CreateRole",
                            {"RoleName": IAM_ROLE, "AssumeRolePolicyDocument": IAM_TRUST}),
                 *(make({}) for make in IAM_BENCH_CALLS.values())):
        status, data = send(server, call)
        if status != 200:
            raise RuntimeError(f"{server.name} IAM/STS seeding -> HTTP {status}: {data[:400]!r}")
    return f"{server.name}: IAM role {IAM_ROLE} in {time.monotonic() - started:.1f} s"


IAM_BENCH_CALLS = {
    "GetCallerIdentity": lambda state: query_call("sts", STS_VERSION, "GetCallerIdentity"),
    "GetRole": lambda state: query_call("iam", IAM_VERSION, "GetRole", {"RoleName": IAM_ROLE}),
}


# SSM Parameter Store and Secrets Manager over JSON-1.1: one SecureString parameter read back
# decrypted, one secret's current value.
SSM_PARAMETER = "/bench/db/password"
SECRET_NAME = "bench/db"
SECRET_VALUE = json.dumps({"username": "app", "password": "s3cr3t-bench"})


def json_call(service: str, target: str, body: dict) -> ApiCall:
    return ApiCall("application/x-amz-json-1.1", target, json.dumps(body), auth_for(service))


def seed_secrets(server: Server) -> str:
    """The parameter and the secret, then each benchmarked call once, checked to read them."""
    started = time.monotonic()
    for call in (json_call("ssm", "AmazonSSM.PutParameter",
                           {"Name": SSM_PARAMETER, "Value": "s3cr3t-bench",
                            "Type": "SecureString"}),
                 json_call("secretsmanager", "secretsmanager.CreateSecret",
                           {"Name": SECRET_NAME, "SecretString": SECRET_VALUE})):
        status, data = send(server, call)
        if status != 200:
            raise RuntimeError(f"{server.name} SSM/Secrets Manager seeding -> HTTP {status}: "
                               f"{data[:400]!r}")
    for operation, make in SECRETS_BENCH_CALLS.items():
        status, data = send(server, make({}))
        answer = json.loads(data) if status == 200 else {}
        value = (answer.get("Parameter", {}).get("Value") if operation == "GetParameter"
                 else answer.get("SecretString"))
        if value not in ("s3cr3t-bench", SECRET_VALUE):
            raise RuntimeError(f"{server.name} {operation} -> HTTP {status}: {data[:400]!r}")
    return (f"{server.name}: SSM parameter {SSM_PARAMETER} and secret {SECRET_NAME} in "
            f"{time.monotonic() - started:.1f} s")


SECRETS_BENCH_CALLS = {
    "GetParameter": lambda state: json_call("ssm", "AmazonSSM.GetParameter",
                                            {"Name": SSM_PARAMETER, "WithDecryption": True}),
    "GetSecretValue": lambda state: json_call("secretsmanager", "secretsmanager.GetSecretValue",
                                              {"SecretId": SECRET_NAME}),
}
