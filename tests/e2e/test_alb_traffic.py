"""ELBv2 load balancers carry real traffic (issue 11 part 2): each balancer has its own address in
its first subnet (the highest free one) on the VPC's bridge, its DNSName resolves to it through
minecs's DNS responder (on the VPC network's gateway, for the host, and inside tasks), an ALB's
HTTP listener routes by its rules (a path rule forwarding to a Fargate service, a fixed-response
default), the health checks make the targets `healthy` (so the service reaches steady state), an
HTTPS listener serves a certificate of the data directory's CA for the balancer's name and
address (and the same CA after a restart), an NLB's TCP listener relays to the same tasks, and
its UDP listener relays datagrams to a UDP target and back.
"""
import ipaddress
import subprocess

from docker_env import containers_of_task, inspect, labels_of
from harness import wait_for
from lb_harness import AlbTestCase, UdpEcho, ca_file, fetch, fetch_tls, udp_round_trip
from task_harness import LONG
from test_task_dns import ask

SERVE = ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www/app && echo ok > /www/index.html && "
         "echo hello-$(hostname) > /www/app/index.html && httpd -f -p 8080 -h /www & wait"]
FAST = {"Delay": 1, "MaxAttempts": 90}


class AlbTrafficTest(AlbTestCase):

    def test_alb_routes_by_rules_and_nlb_relays(self):
        cluster = self.new_cluster()
        self.addCleanup(self.remember_tasks, cluster)
        web = self.group_http = self.target_group("HTTP", HealthCheckPath="/")
        alb, listener = self.balancer("application", self.subnets, "HTTP", [{
            "Type": "fixed-response",
            "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain",
                                    "MessageBody": "nothing here"}}])
        self.elb.create_rule(ListenerArn=listener, Priority=10,
                             Conditions=[{"Field": "path-pattern", "Values": ["/app/*"]}],
                             Actions=[{"Type": "forward", "TargetGroupArn": web}])
        td = self.register("alb-web", [{"name": "web", "command": SERVE,
                                        "portMappings": [{"containerPort": 8080}]}], fargate=True)
        self.ecs.create_service(
            cluster=cluster, serviceName="web", taskDefinition=td, desiredCount=2,
            launchType="FARGATE", networkConfiguration=self.network(),
            loadBalancers=[{"targetGroupArn": web, "containerName": "web",
                            "containerPort": 8080}])
        self.addCleanup(self.ecs.delete_service, cluster=cluster, service="web", force=True)
        # The health checks run and their results are written where DescribeTargetHealth reads.
        self.ecs.get_waiter("services_stable").wait(cluster=cluster, services=["web"],
                                                    WaiterConfig=FAST)
        health = wait_for(lambda: (lambda h: h if [s for _, s in h] == ["healthy"] * 2 else None)(
            self.health(web)), timeout=30, message="both targets healthy")
        task_ips = [ip for ip, _ in health]

        # The address: the highest of the first subnet, published under the DNSName.
        client = self.run_one(cluster, self.register("alb-client", [{"name": "app",
                                                                     "command": LONG}],
                                                     fargate=True),
                              launchType="FARGATE", networkConfiguration=self.network())["taskArn"]
        self.wait_status(cluster, client, "RUNNING")
        app = next(c for c in containers_of_task(client, running_only=True)
                   if labels_of(c).get("com.amazonaws.ecs.container-name") == "app")
        holder = next(i for i in map(inspect, containers_of_task(client))
                      if i and not i["HostConfig"]["NetworkMode"].startswith("container:"))
        gateway = next(iter(holder["NetworkSettings"]["Networks"].values()))["Gateway"]
        expected = str(self.subnet_blocks[0].broadcast_address - 1)
        rcode, answers = wait_for(lambda: (lambda a: a if a[1] else None)(
            ask((gateway, 53), alb["DNSName"])), timeout=15, message="the ALB's name")
        self.assertEqual((rcode, [a for a, _ in answers]), (0, [expected]))

        # From the host: the rule forwards /app/* to the tasks, round robin; the rest is the
        # fixed response.
        bodies = set()
        for _ in range(4):
            status, body = fetch(f"http://{expected}/app/index.html")
            self.assertEqual(status, 200, body)
            bodies.add(body)
        self.assertEqual(len(bodies), 2, bodies)
        self.assertEqual(fetch(f"http://{expected}/other"), (404, "nothing here"))

        # From inside a task of the VPC, by name (Docker's DNS forwards it to minecs's).
        request = (f"printf 'GET /app/index.html HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n' | "
                   f"nc -w 3 {alb['DNSName']} 80")
        out = subprocess.run(["docker", "exec", app, "sh", "-c", request], capture_output=True,
                             text=True, timeout=30).stdout
        self.assertIn("200 OK", out)
        self.assertIn("hello-", out)

        # HTTPS: TLS ends at the balancer with a certificate for its DNSName and its address,
        # signed by the CA of minecs's data directory; the certificate ARN is not checked.
        self.elb.create_listener(
            LoadBalancerArn=alb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
            Certificates=[{"CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/x"}],
            DefaultActions=[{"Type": "forward", "TargetGroupArn": web}])
        cafile = ca_file(self.server)
        status, body = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(
            fetch_tls(expected, 443, alb["DNSName"], cafile, "/app/index.html")),
            timeout=15, message="the HTTPS listener")
        self.assertTrue(body.startswith("hello-"), body)
        status, body = fetch_tls(expected, 443, expected, cafile, "/app/index.html")
        self.assertEqual(status, 200, body)
        status, reason = fetch_tls(expected, 443, "elsewhere.example.com", cafile)
        self.assertIsNone(status)
        self.assertIn("certificate", reason)

        # An NLB in the second subnet relays TCP to the same tasks.
        tcp = self.target_group("TCP")
        self.elb.register_targets(TargetGroupArn=tcp,
                                  Targets=[{"Id": ip, "Port": 8080} for ip in task_ips])
        nlb, _ = self.balancer("network", [self.subnets[1]], "TCP",
                               [{"Type": "forward", "TargetGroupArn": tcp}])
        nlb_address = str(self.subnet_blocks[1].broadcast_address - 1)
        self.assertIn(ipaddress.ip_address(nlb_address), self.block)
        status, body = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(
            fetch(f"http://{nlb_address}/app/index.html")), timeout=15, message="the NLB")
        self.assertTrue(body.startswith("hello-"), body)
        wait_for(lambda: [s for _, s in self.health(tcp)] == ["healthy", "healthy"], timeout=20,
                 message="the TCP targets healthy")

        # Its UDP listener: datagrams to a UDP target (on the host, at the VPC network's
        # gateway, which the host owns) and the answers back from the listener's address.
        echo = UdpEcho(gateway)
        self.addCleanup(echo.close)
        udp = self.elb.create_target_group(
            Name="tg-udp-" + nlb["LoadBalancerName"][-8:], Protocol="UDP", Port=echo.port,
            VpcId=self.vpc, TargetType="ip", HealthCheckProtocol="TCP",
            HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=2,
            HealthyThresholdCount=2)["TargetGroups"][0]["TargetGroupArn"]
        self.addCleanup(self.elb.delete_target_group, TargetGroupArn=udp)
        self.elb.register_targets(TargetGroupArn=udp, Targets=[{"Id": gateway,
                                                                "Port": echo.port}])
        udp_listener = self.elb.create_listener(
            LoadBalancerArn=nlb["LoadBalancerArn"], Protocol="UDP", Port=5300,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": udp}])["Listeners"][0]
        self.addCleanup(self.elb.delete_listener, ListenerArn=udp_listener["ListenerArn"])
        self.assertEqual(wait_for(lambda: udp_round_trip(nlb_address, 5300, b"ping"),
                                  timeout=15, interval=0.2, message="the UDP listener"),
                         b"echo ping")
        self.assertEqual(udp_round_trip(nlb_address, 5300, b"again"), b"echo again")

        # The addresses leave the bridge with minecs and come back with it (the tasks ran on).
        self.server.stop()
        host_addresses = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True,
                                        text=True, check=True).stdout
        self.assertNotIn(f" {expected}/32 ", host_addresses)
        self.assertNotIn(f" {nlb_address}/32 ", host_addresses)
        self.server.start()
        self.assertEqual(wait_for(lambda: (lambda r: r if r[0] else None)(
            fetch(f"http://{expected}/other")), timeout=30, message="the ALB after a restart"),
            (404, "nothing here"))
        # The CA is the data directory's: the file the client read before still verifies.
        status, body = wait_for(lambda: (lambda r: r if r[0] else None)(
            fetch_tls(expected, 443, alb["DNSName"], cafile, "/app/index.html")), timeout=15,
            message="HTTPS after a restart")
        self.assertEqual(status, 200, body)
