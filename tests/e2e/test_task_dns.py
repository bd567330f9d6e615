"""minecs's DNS responder: tasks resolve each other's ENI names (ip-A-B-C-D.ec2.internal, as EC2
names them) to their addresses, Docker's embedded DNS still answers service names, names minecs
owns but nobody has are NXDOMAIN, everything else is relayed upstream, and the host can ask the
responder on the network's gateway too.

The upstream is a small resolver this test runs on 127.0.0.1 (given as --dns-upstream), so that the
relay is checked without the internet: it answers one made-up name and NXDOMAIN for the rest. Real
containers on the local Docker Engine (see docker_env.require_docker); the lookups run busybox's
nslookup inside them with docker exec.
"""
import socket
import struct
import threading
import unittest
import uuid

from docker_env import containers_of_task, docker, inspect
from harness import wait_for
from task_harness import AWSVPC, LONG, DockerTaskTestCase, container

UPSTREAM_NAME = "only-upstream.example.test"
UPSTREAM_ADDRESS = "198.51.100.7"


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def read_question(packet):
    """(name, qtype) of a query's first question, and where the question ends."""
    labels, at = [], 12
    while packet[at]:
        n = packet[at]
        labels.append(packet[at + 1:at + 1 + n].decode())
        at += 1 + n
    qtype = struct.unpack(">H", packet[at + 1:at + 3])[0]
    return ".".join(labels), qtype, at + 5


def skip_name(packet, at):
    """Where the name at `at` ends: after its labels, or after the pointer that ends it."""
    while packet[at]:
        if packet[at] & 0xC0 == 0xC0:
            return at + 2
        at += 1 + packet[at]
    return at + 1


def query(name, qtype=1, ident=0x2b2b):
    return struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0) + encode_name(name) + struct.pack(
        ">HH", qtype, 1)


class FakeUpstream:
    """A resolver on 127.0.0.1: UPSTREAM_NAME has UPSTREAM_ADDRESS, every other name NXDOMAIN.
    Remembers the names it was asked."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.asked = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                packet, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            try:
                name, qtype, end = read_question(packet)
            except (IndexError, struct.error, UnicodeDecodeError):
                continue
            self.asked.append(name.lower())
            ident = packet[:2]
            found = name.lower() == UPSTREAM_NAME
            flags = 0x8180 if found else 0x8183
            answers = 1 if found and qtype == 1 else 0
            reply = ident + struct.pack(">HHHHH", flags, 1, answers, 0, 0) + packet[12:end]
            if answers:
                reply += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 30, 4) + socket.inet_aton(
                    UPSTREAM_ADDRESS)
            self.sock.sendto(reply, peer)

    def close(self):
        self.sock.close()


def ask(server, name, qtype=1, tcp=False):
    """(rcode, [(IPv4 answer, ttl)]) from a DNS server at (address, port), over UDP or TCP."""
    if tcp:
        with socket.create_connection(server, timeout=3) as s:
            q = query(name, qtype)
            s.sendall(struct.pack(">H", len(q)) + q)
            data = b""
            while len(data) < 2 or len(data) < 2 + struct.unpack(">H", data[:2])[0]:
                chunk = s.recv(4096)
                if not chunk:
                    raise AssertionError("the server hung up")
                data += chunk
            reply = data[2:]
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(3)
        try:
            s.sendto(query(name, qtype), server)
            reply = s.recv(4096)
        finally:
            s.close()
    rcode = reply[3] & 0x0F
    count = struct.unpack(">H", reply[6:8])[0]
    _, _, at = read_question(reply)
    addresses = []
    for _ in range(count):
        at = skip_name(reply, at)
        rtype, _, ttl, length = struct.unpack(">HHIH", reply[at:at + 10])
        at += 10
        if rtype == 1:
            addresses.append((socket.inet_ntoa(reply[at:at + length]), ttl))
        at += length
    return rcode, addresses


def eni(task):
    details = {d["name"]: d["value"] for d in task["attachments"][0]["details"]}
    return details["privateDnsName"], details["privateIPv4Address"]


class TaskDnsTest(DockerTaskTestCase):

    @classmethod
    def setUpClass(cls):
        cls.upstream = FakeUpstream()
        cls.server_args = ("--dns-upstream", f"127.0.0.1:{cls.upstream.port}", "--dns-ttl", "5")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.upstream.close()

    def app_container(self, cluster, arn, name="app"):
        t = self.wait_container(cluster, arn, name, lambda c: c["lastStatus"] == "RUNNING",
                                message=f"{name} RUNNING")
        return t, container(t, name)["runtimeId"]

    def nslookup(self, container_id, name):
        """(exit code, output) of busybox's nslookup inside the container."""
        out = docker("exec", container_id, "sh", "-c", f"nslookup {name} 2>&1; echo rc=$?",
                     check=False)
        body, _, code = out.rpartition("rc=")
        return int(code) if code.isdigit() else -1, body

    def start_service(self, cluster, family):
        name = "svc-" + uuid.uuid4().hex[:8]
        self.ecs.create_service(cluster=cluster, serviceName=name, taskDefinition=family,
                                desiredCount=1, launchType="FARGATE",
                                networkConfiguration=AWSVPC)
        arns = []

        def running():
            arns[:] = self.ecs.list_tasks(cluster=cluster, serviceName=name,
                                          desiredStatus="RUNNING")["taskArns"]
            return arns and self.describe(cluster, arns[0])["lastStatus"] == "RUNNING"

        wait_for(running, timeout=60, message=f"a RUNNING task of service {name}")
        return name, self.describe(cluster, arns[0])

    def test_tasks_resolve_eni_names_service_names_and_the_rest(self):
        cluster = self.new_cluster()
        family = self.register("dns-web", [{"name": "app", "command": LONG}], fargate=True)
        service, target = self.start_service(cluster, family)
        target_name, target_ip = eni(target)
        self.assertEqual(target_name, "ip-" + target_ip.replace(".", "-") + ".ec2.internal")

        client_arn = self.run_one(cluster, family, launchType="FARGATE",
                                  networkConfiguration=AWSVPC)["taskArn"]
        client, client_id = self.app_container(cluster, client_arn)
        try:
            # awsvpc: the holder owns the namespace, so it carries the DNS server: the gateway.
            holder = self.holder_of(client_arn)
            gateway = self.gateway(holder)
            self.assertEqual(holder["HostConfig"]["Dns"], [gateway])

            code, out = self.nslookup(client_id, target_name)
            self.assertEqual(code, 0, out)
            self.assertIn(f"Address: {target_ip}", out)
            # Any case, as DNS compares names.
            code, out = self.nslookup(client_id, target_name.upper())
            self.assertEqual(code, 0, out)
            self.assertIn(target_ip, out)
            # Docker's embedded DNS still answers the service's alias.
            code, out = self.nslookup(client_id, service)
            self.assertEqual(code, 0, out)
            self.assertIn(f"Address: {target_ip}", out)
            # Relayed: the upstream's own name.
            code, out = self.nslookup(client_id, UPSTREAM_NAME)
            self.assertEqual(code, 0, out)
            self.assertIn(UPSTREAM_ADDRESS, out)
            self.assertIn(UPSTREAM_NAME, self.upstream.asked)
            # An EC2 name no task has: NXDOMAIN from minecs, never asked upstream.
            code, out = self.nslookup(client_id, "ip-10-254-254-254.ec2.internal")
            self.assertNotEqual(code, 0, out)
            self.assertIn("NXDOMAIN", out)
            self.assertNotIn("ip-10-254-254-254.ec2.internal", self.upstream.asked)
            # The client's own name, too.
            own_name, own_ip = eni(client)
            code, out = self.nslookup(client_id, own_name)
            self.assertEqual(code, 0, out)
            self.assertIn(own_ip, out)
        finally:
            # Before tearDown stops the tasks, so that the scheduler does not replace its task.
            self.ecs.delete_service(cluster=cluster, service=service, force=True)
            self.ecs.stop_task(cluster=cluster, task=client_arn)

        # Once the task is STOPPED its name is gone (the table follows the store).
        self.wait_status(cluster, client_arn, "STOPPED")
        wait_for(lambda: ask((gateway, 53), own_name)[0] == 3, timeout=15,
                 message=f"{own_name} NXDOMAIN after its task stopped")

    def test_bridge_tasks_and_the_host_ask_the_responder(self):
        cluster = self.new_cluster()
        family = self.register("dns-vpc", [{"name": "app", "command": LONG}], fargate=True)
        target = self.run_one(cluster, family, launchType="FARGATE", networkConfiguration=AWSVPC)
        target = self.wait_status(cluster, target["taskArn"], "RUNNING")
        target_name, target_ip = eni(target)

        self.register("dns-bridge", [{"name": "app", "command": LONG}], networkMode="bridge")
        bridge_arn = self.run_one(cluster, "dns-bridge")["taskArn"]
        _, bridge_id = self.app_container(cluster, bridge_arn)
        info = inspect(bridge_id)
        gateway = self.gateway(info)
        self.assertEqual(info["HostConfig"]["Dns"], [gateway])
        code, out = self.nslookup(bridge_id, target_name)
        self.assertEqual(code, 0, out)
        self.assertIn(f"Address: {target_ip}", out)

        # The host asks the same responder on the gateway, as `dig @GATEWAY NAME` would.
        rcode, answers = ask((gateway, 53), target_name)
        self.assertEqual(rcode, 0)
        self.assertEqual(answers, [(target_ip, 5)])
        rcode, answers = ask((gateway, 53), target_name, qtype=28)  # AAAA: no data
        self.assertEqual((rcode, answers), (0, []))
        rcode, answers = ask((gateway, 53), UPSTREAM_NAME)
        self.assertEqual((rcode, answers), (0, [(UPSTREAM_ADDRESS, 30)]))
        self.assertEqual(ask((gateway, 53), "nobody.example.test")[0], 3)
        # Over TCP too (what a client does with a truncated answer).
        self.assertEqual(ask((gateway, 53), target_name, tcp=True), (0, [(target_ip, 5)]))

        # Garbage does not stop it.
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(3)
        s.sendto(b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\xc0\x0c\x00\x01", (gateway, 53))
        formerr = s.recv(512)
        s.close()
        self.assertEqual(formerr[:2], b"\x12\x34")
        self.assertEqual(formerr[3] & 0x0F, 1)
        self.assertEqual(ask((gateway, 53), target_name)[1], [(target_ip, 5)])

    def test_the_responder_comes_back_after_a_restart(self):
        cluster = self.new_cluster()
        family = self.register("dns-restart", [{"name": "app", "command": LONG}], fargate=True)
        arn = self.run_one(cluster, family, launchType="FARGATE", networkConfiguration=AWSVPC)[
            "taskArn"]
        t, app_id = self.app_container(cluster, arn)
        name, ip = eni(t)
        gateway = self.gateway(self.holder_of(arn))
        self.assertEqual(ask((gateway, 53), name), (0, [(ip, 5)]))
        # The task keeps running while minecs is away; the next minecs finds its network again.
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        wait_for(lambda: self.answers((gateway, 53), name) == (0, [(ip, 5)]), timeout=30,
                 message=f"{name} answered after the restart")
        code, out = self.nslookup(app_id, name)
        self.assertEqual(code, 0, out)
        self.assertIn(ip, out)

    @staticmethod
    def answers(server, name):
        try:
            return ask(server, name)
        except OSError:
            return None

    def holder_of(self, task_arn):
        """The awsvpc task's namespace holder: its one container not joined to another's."""
        infos = [inspect(c) for c in containers_of_task(task_arn)]
        holders = [i for i in infos
                   if i and not i["HostConfig"]["NetworkMode"].startswith("container:")]
        self.assertEqual(len(holders), 1, f"holders of {task_arn}")
        return holders[0]

    def gateway(self, info):
        """The gateway of the one network a container (its inspect) is on."""
        networks = info["NetworkSettings"]["Networks"]
        self.assertEqual(len(networks), 1, networks)
        gateway = next(iter(networks.values()))["Gateway"]
        self.assertTrue(gateway, f"no gateway in {networks}")
        return gateway


class DnsOffTest(DockerTaskTestCase):
    server_args = ("--dns", "false")

    def test_containers_keep_dockers_dns_servers(self):
        cluster = self.new_cluster()
        self.register("dns-off", [{"name": "app", "command": LONG}], networkMode="bridge")
        arn = self.run_one(cluster, "dns-off")["taskArn"]
        t = self.wait_container(cluster, arn, "app", lambda c: c["lastStatus"] == "RUNNING")
        info = inspect(container(t, "app")["runtimeId"])
        self.assertFalse(info["HostConfig"].get("Dns"))


if __name__ == "__main__":
    unittest.main()
