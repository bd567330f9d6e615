"""What the load balancer e2e modules share: a balancer's address as the host finds it (its
DNSName asked of minecs's DNS responder on the gateway of its VPC's network), a GET that reports
failures instead of raising, and AlbTestCase: a fresh VPC with two subnets in two zones and a
security group, and helpers that make balancers, listeners and target groups with ELBv2's
fastest health checks. Not a test module itself.
"""
import ipaddress
import json
import os
import socket
import ssl
import threading
import urllib.error
import urllib.request
import uuid

from docker_env import docker
from harness import REGION, wait_for
from task_harness import DockerTaskTestCase
from test_task_dns import ask
from test_task_vpc import vpc_block

# ELBv2's shortest: a new target is healthy after two checks 5 s apart.
FAST_CHECKS = {"HealthCheckIntervalSeconds": 5, "HealthCheckTimeoutSeconds": 2,
               "HealthyThresholdCount": 2, "UnhealthyThresholdCount": 2}


def vpc_gateways(vpc_id):
    """The gateways of the Docker networks of the VPC (one per minecs instance that has it)."""
    out = []
    for net in docker("network", "ls", "-q", "--filter", f"label=minecs.vpc={vpc_id}").split():
        for config in json.loads(docker("network", "inspect", net))[0]["IPAM"]["Config"] or []:
            # Docker records no gateway when none was asked for: it took the first address.
            out.append(config.get("Gateway") or
                       str(ipaddress.ip_network(config["Subnet"]).network_address + 1))
    return out


def balancer_address(load_balancer, timeout=30):
    """The IPv4 address the balancer's DNSName resolves to, once its VPC's network has one."""
    def resolve():
        for gateway in vpc_gateways(load_balancer["VpcId"]):
            try:
                rcode, answers = ask((gateway, 53), load_balancer["DNSName"])
            except OSError:
                continue
            if rcode == 0 and answers:
                return answers[0][0]
        return None
    return wait_for(resolve, timeout=timeout, interval=0.5,
                    message=f"an address for {load_balancer['DNSName']}")


def fetch(url, timeout=5):
    """(status, body) of a GET, or (None, reason) when the connection fails."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode().strip()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode().strip()
    except (urllib.error.URLError, ConnectionError, OSError) as e:
        return None, str(e)


def fetch_tls(address, port, server_name, cafile, path="/", timeout=5):
    """(status, body) of a GET over TLS to address:port, trusting only `cafile` and checking the
    certificate for `server_name` (a name or the address), or (None, reason) when it fails."""
    try:
        context = ssl.create_default_context(cafile=cafile)  # made with the first TLS listener
        with socket.create_connection((address, port), timeout=timeout) as raw, \
                context.wrap_socket(raw, server_hostname=server_name) as tls:
            tls.sendall(f"GET {path} HTTP/1.0\r\nHost: {server_name}\r\n\r\n".encode())
            data = b""
            while chunk := tls.recv(65536):
                data += chunk
    except (OSError, ssl.SSLError) as e:
        return None, str(e)
    head, _, body = data.decode(errors="replace").partition("\r\n\r\n")
    return int(head.split()[1]), body.strip()


def ca_file(server):
    """Where a minecs keeps the CA of its HTTPS and TLS listeners (README: Load balancers)."""
    return os.path.join(server.data_dir, "lb-ca", "ca.pem")


class UdpEcho:
    """A UDP echo target on the host (the test image's busybox nc has no UDP), with a TCP listener
    on the same port for the target group's TCP health check. Stopped by close()."""

    def __init__(self, address):
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((address, 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind((address, self.port))
        self.tcp.listen(16)
        self.udp.settimeout(0.2)
        self.tcp.settimeout(0.2)
        self.running = True
        self.threads = [threading.Thread(target=self._echo, daemon=True),
                        threading.Thread(target=self._accept, daemon=True)]
        for t in self.threads:
            t.start()

    def _echo(self):
        while self.running:
            try:
                data, sender = self.udp.recvfrom(65536)
            except OSError:
                continue
            self.udp.sendto(b"echo " + data, sender)

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.tcp.accept()
            except OSError:
                continue
            conn.close()

    def close(self):
        self.running = False
        for t in self.threads:
            t.join()
        self.udp.close()
        self.tcp.close()


def udp_round_trip(address, port, payload, timeout=1):
    """The answer to one datagram, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(payload, (address, port))
        try:
            data, sender = s.recvfrom(65536)
        except OSError:
            return None
        return data if sender == (address, port) else None


class AlbTestCase(DockerTaskTestCase):

    def setUp(self):
        super().setUp()
        self.ec2 = self.server.client("ec2")
        self.elb = self.server.client("elbv2")
        self.block = vpc_block()
        self.vpc = self.ec2.create_vpc(CidrBlock=str(self.block))["Vpc"]["VpcId"]
        self.subnet_blocks = list(self.block.subnets(new_prefix=24))[1:3]
        self.subnets = [self.ec2.create_subnet(VpcId=self.vpc, CidrBlock=str(b),
                                               AvailabilityZone=REGION + zone)["Subnet"]["SubnetId"]
                        for b, zone in zip(self.subnet_blocks, "ab")]
        self.group = self.ec2.create_security_group(GroupName="web", Description="web",
                                                    VpcId=self.vpc)["GroupId"]

    def network(self):
        return {"awsvpcConfiguration": {"subnets": [self.subnets[0]],
                                        "securityGroups": [self.group]}}

    def balancer(self, kind, subnets, protocol, default_actions):
        tag = uuid.uuid4().hex[:8]
        lb = self.elb.create_load_balancer(Name=f"{kind[:3]}-{tag}", Subnets=subnets, Type=kind,
                                           Scheme="internal")["LoadBalancers"][0]
        self.addCleanup(self.elb.delete_load_balancer, LoadBalancerArn=lb["LoadBalancerArn"])
        listener = self.elb.create_listener(
            LoadBalancerArn=lb["LoadBalancerArn"], Protocol=protocol, Port=80,
            DefaultActions=default_actions)["Listeners"][0]
        self.addCleanup(self.elb.delete_listener, ListenerArn=listener["ListenerArn"])
        return lb, listener["ListenerArn"]

    def target_group(self, protocol, **checks):
        group = self.elb.create_target_group(
            Name="tg-" + uuid.uuid4().hex[:8], Protocol=protocol, Port=8080, VpcId=self.vpc,
            TargetType="ip", **FAST_CHECKS, **checks)["TargetGroups"][0]["TargetGroupArn"]
        self.addCleanup(self.elb.delete_target_group, TargetGroupArn=group)
        self.elb.modify_target_group_attributes(
            TargetGroupArn=group,
            Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "1"}])
        return group

    def health(self, group):
        return sorted((d["Target"]["Id"], d["TargetHealth"]["State"])
                      for d in self.elb.describe_target_health(
                          TargetGroupArn=group)["TargetHealthDescriptions"])

    def address_of(self, load_balancer):
        return balancer_address(load_balancer)
