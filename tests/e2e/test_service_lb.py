"""A service's loadBalancers entry names an ELBv2 target group that a load balancer's listener
forwards to; ECS registers each RUNNING task in it (DescribeTargetHealth lists them, healthy once
the balancer's health checks pass) and deregisters it as it stops, and the balancer's listener
carries the requests: a user curls the service through the ALB's address.

Each task runs busybox httpd serving a page with a per-task random id, so the replies tell which
task answered. Covers bridge mode (instance targets on dynamic host ports, so the balancer's VPC
network exists without any awsvpc task) and awsvpc (the task's ENI address), a task stopped and
replaced by the scheduler while requests keep being served, and a balancer with no target that
answers 503 before and after a restart of minecs.
"""
import re
import time
import uuid

from docker_env import TEST_IMAGE, DockerServerTestCase
from harness import wait_for
from lb_harness import FAST_CHECKS, balancer_address, fetch

# The page names the task: a fresh uuid per container start.
SERVE = ["sh", "-c", "mkdir -p /www && cat /proc/sys/kernel/random/uuid > /www/index.html && "
         "exec httpd -f -p 8080 -h /www"]
FAST = {"Delay": 1, "MaxAttempts": 120}


def get(url):
    """The page body, or None when the request failed."""
    status, body = fetch(url)
    return body if status == 200 else None


class ServiceLoadBalancerTest(DockerServerTestCase):

    def setUp(self):
        super().setUp()
        self.cluster = "lb-" + uuid.uuid4().hex[:8]
        self.ecs.create_cluster(clusterName=self.cluster)
        self.elb = self.server.client("elbv2")
        self.ec2 = self.server.client("ec2")

    def tearDown(self):
        self.remember_tasks(self.cluster)

    def register(self, network_mode):
        mapping = {"containerPort": 8080, "protocol": "tcp"}
        if network_mode == "bridge":
            mapping["hostPort"] = 0
        return self.ecs.register_task_definition(
            family="web-lb", networkMode=network_mode,
            containerDefinitions=[{"name": "web", "image": TEST_IMAGE, "memory": 32,
                                   "essential": True, "command": SERVE,
                                   "portMappings": [mapping]}],
        )["taskDefinition"]["taskDefinitionArn"]

    def target_group(self, target_type):
        """An ip or instance target group of the default VPC that an internal ALB forwards to."""
        vpc = self.ec2.describe_vpcs(
            Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        subnets = [s["SubnetId"] for s in self.ec2.describe_subnets(
            Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]][:2]
        tag = uuid.uuid4().hex[:8]
        lb = self.elb.create_load_balancer(Name="lb-" + tag, Subnets=subnets,
                                           Scheme="internal")["LoadBalancers"][0]
        self.lb = lb
        group = self.elb.create_target_group(
            Name="tg-" + tag, Protocol="HTTP", Port=8080, VpcId=vpc, TargetType=target_type,
            HealthCheckPath="/", **FAST_CHECKS)["TargetGroups"][0]["TargetGroupArn"]
        # Tasks that stop drain for this long (ECS keeps them DEACTIVATING meanwhile).
        self.elb.modify_target_group_attributes(
            TargetGroupArn=group,
            Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "1"}])
        listener = self.elb.create_listener(
            LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])["Listeners"][0]
        self.addCleanup(self.elb.delete_target_group, TargetGroupArn=group)
        self.addCleanup(self.elb.delete_load_balancer, LoadBalancerArn=lb["LoadBalancerArn"])
        self.addCleanup(self.elb.delete_listener, ListenerArn=listener["ListenerArn"])
        return group

    def registered(self, group):
        """The targets ECS registered in the group and that are not draining."""
        described = self.elb.describe_target_health(TargetGroupArn=group)
        return {(d["Target"]["Id"], d["Target"]["Port"])
                for d in described["TargetHealthDescriptions"]
                if d["TargetHealth"]["State"] != "draining"}

    def create(self, name, td, count, target_type="instance", **kwargs):
        self.group = self.target_group(target_type)
        self.ecs.create_service(
            cluster=self.cluster, serviceName=name, taskDefinition=td, desiredCount=count,
            launchType="EC2",
            loadBalancers=[{"targetGroupArn": self.group,
                            "containerName": "web", "containerPort": 8080}],
            **kwargs)
        self.ecs.get_waiter("services_stable").wait(cluster=self.cluster, services=[name],
                                                    WaiterConfig=FAST)

    def url(self):
        return f"http://{balancer_address(self.lb)}/"

    def healthy(self, n):
        """The group's targets once n of them are healthy."""
        def check():
            described = self.elb.describe_target_health(TargetGroupArn=self.group)
            states = [d["TargetHealth"]["State"] for d in described["TargetHealthDescriptions"]]
            return described if states == ["healthy"] * n else None
        return wait_for(check, timeout=60, interval=0.5, message=f"{n} healthy targets")

    def pages(self, url, n):
        return [get(url) for _ in range(n)]

    def check_round_robin(self, name):
        self.healthy(2)
        url = self.url()
        # The service keeps loadBalancers as the user gave them.
        svc = self.ecs.describe_services(cluster=self.cluster, services=[name])["services"][0]
        self.assertEqual(svc["loadBalancers"][0]["containerPort"], 8080)

        replies = self.pages(url, 6)
        self.assertNotIn(None, replies)
        self.assertEqual(len(set(replies)), 2, replies)
        # In turn: no task answers twice in a row.
        self.assertTrue(all(a != b for a, b in zip(replies, replies[1:])), replies)
        return url, set(replies)

    def test_bridge_service_round_robin_and_replacement(self):
        td = self.register("bridge")
        self.create("web", td, 2)
        url, first = self.check_round_robin("web")

        victim = self.ecs.list_tasks(cluster=self.cluster, serviceName="web")["taskArns"][0]
        self.ecs.stop_task(cluster=self.cluster, task=victim, reason="test")
        # Served throughout: the stopping task leaves the target list before it dies.
        deadline = time.time() + 60
        failures, seen = 0, set()
        while time.time() < deadline:
            page = get(url)
            if page is None:
                failures += 1
            else:
                seen.add(page)
            if len(seen - first) >= 1:
                break
            time.sleep(0.2)
        self.assertEqual(failures, 0)
        self.assertTrue(seen - first, "the replacement task never answered")
        # The stopped task's target left the group (it drained) and the replacement's joined.
        instances = {t["ec2InstanceId"] for t in self.ecs.describe_container_instances(
            cluster=self.cluster, containerInstances=self.ecs.list_container_instances(
                cluster=self.cluster)["containerInstanceArns"])["containerInstances"]}
        targets = wait_for(lambda: (lambda r: r if len(r) == 2 else None)(
            self.registered(self.group)), timeout=30, message="2 registered targets")
        self.assertEqual({i for i, _ in targets}, instances)
        self.ecs.get_waiter("services_stable").wait(cluster=self.cluster, services=["web"],
                                                    WaiterConfig=FAST)
        self.healthy(2)
        replies = set(self.pages(url, 6))
        self.assertEqual(len(replies), 2, replies)
        self.assertEqual(len(replies & first), 1, "one old task and its replacement answer")

    def test_awsvpc_service_uses_task_addresses(self):
        td = self.register("awsvpc")
        self.create("vpc", td, 2, target_type="ip", networkConfiguration={
            "awsvpcConfiguration": {"subnets": ["subnet-12345678"]}})
        tasks = self.ecs.describe_tasks(
            cluster=self.cluster,
            tasks=self.ecs.list_tasks(cluster=self.cluster, serviceName="vpc")["taskArns"])
        ips = set()
        for t in tasks["tasks"]:
            for d in t["attachments"][0]["details"]:
                if d["name"] == "privateIPv4Address":
                    ips.add(d["value"] + ":8080")
        # ECS registered each task's address and container port in the target group.
        self.assertEqual({f"{i}:{p}" for i, p in wait_for(
            lambda: (lambda r: r if len(r) == 2 else None)(self.registered(self.group)),
            timeout=30, message="2 registered targets")}, ips)
        self.check_round_robin("vpc")
        events = [e["message"] for e in self.ecs.describe_services(
            cluster=self.cluster, services=["vpc"])["services"][0]["events"]]
        # One event per pass that registered some: the tasks may start RUNNING apart.
        counts = [re.match(rf"\(service vpc\) registered (\d+) targets in "
                           rf"\(target-group {re.escape(self.group)}\)$", m) for m in events]
        self.assertEqual(sum(int(m.group(1)) for m in counts if m), 2, events)

    def test_no_target_means_503_and_the_address_survives_a_restart(self):
        td = self.register("bridge")
        self.create("zero", td, 0)
        address = balancer_address(self.lb)
        # The name may resolve a moment before the listener is bound.
        wait_for(lambda: fetch(f"http://{address}/")[0] == 503, timeout=15, interval=0.2,
                 message="503 from a balancer whose group has no target")

        self.server.stop()
        self.server.start()
        self.assertEqual(balancer_address(self.lb), address)
        wait_for(lambda: fetch(f"http://{address}/")[0] == 503, timeout=30, interval=0.5,
                 message="the balancer answering again after the restart")


if __name__ == "__main__":
    import unittest
    unittest.main()
