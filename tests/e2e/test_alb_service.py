"""An ECS service behind an ALB keeps answering as ECS changes it (issue 11 part 5): a rolling
deployment under a steady request loop loses no request, a killed task is deregistered and
replaced, and a task whose health-check path starts failing is found unhealthy by the ALB's
health checks and replaced with ECS's event.

Each task runs busybox httpd; the health check asks /health.html, which a test removes from one
task to make it fail. Requests go to the ALB's address (its DNSName through minecs's DNS).
"""
import threading
import time

from docker_env import containers_of_task, docker, labels_of
from harness import wait_for
from lb_harness import AlbTestCase, fetch

SERVE = ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www && echo ok > /www/health.html && "
         "echo hello-$(hostname) > /www/index.html && httpd -f -p 8080 -h /www & wait"]


class RequestLoop:
    """GETs the URL every `interval` seconds in a thread until stopped; counts what failed."""

    def __init__(self, url, interval=0.05):
        self.url, self.interval = url, interval
        self.sent = 0
        self.failed = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stopping.is_set():
            status, body = fetch(self.url)
            self.sent += 1
            if status != 200:
                self.failed.append((time.strftime("%H:%M:%S"), status, body[:80]))
            time.sleep(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(10)


class AlbServiceTest(AlbTestCase):

    def serving_tasks(self, cluster):
        arns = self.ecs.list_tasks(cluster=cluster, serviceName="web",
                                   desiredStatus="RUNNING")["taskArns"]
        return {t["taskArn"]: t for t in self.ecs.describe_tasks(
            cluster=cluster, tasks=arns)["tasks"]} if arns else {}

    def app_container(self, task_arn):
        return next(c for c in containers_of_task(task_arn, running_only=True)
                    if labels_of(c).get("com.amazonaws.ecs.container-name") == "web")

    def test_deployment_kill_and_failing_health_checks(self):
        cluster = self.new_cluster()
        self.addCleanup(self.remember_tasks, cluster)
        group = self.target_group("HTTP", HealthCheckPath="/health.html")
        alb, _ = self.balancer("application", self.subnets, "HTTP",
                               [{"Type": "forward", "TargetGroupArn": group}])
        td = self.register("alb-svc", [{"name": "web", "command": SERVE,
                                        "portMappings": [{"containerPort": 8080}]}], fargate=True)
        self.ecs.create_service(
            cluster=cluster, serviceName="web", taskDefinition=td, desiredCount=2,
            launchType="FARGATE", networkConfiguration=self.network(),
            healthCheckGracePeriodSeconds=0,
            deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 200},
            loadBalancers=[{"targetGroupArn": group, "containerName": "web",
                            "containerPort": 8080}])
        self.addCleanup(self.ecs.delete_service, cluster=cluster, service="web", force=True)
        self.wait_healthy(group, 2)
        url = f"http://{self.address_of(alb)}/index.html"

        # A rolling deployment under a steady loop of requests: none fails.
        with RequestLoop(url) as loop:
            self.ecs.update_service(cluster=cluster, service="web", forceNewDeployment=True)
            wait_for(lambda: self.rolled_out(cluster), timeout=120, interval=1,
                     message="the new deployment COMPLETED")
            self.wait_healthy(group, 2)
        print(f"rolling deployment: {loop.sent} requests, {len(loop.failed)} failed: "
              f"{loop.failed[:5]}")
        self.assertGreater(loop.sent, 20)
        self.assertEqual(loop.failed, [])

        # A killed task: deregistered, and the scheduler starts another that becomes healthy.
        tasks = self.serving_tasks(cluster)
        victim = sorted(tasks)[0]
        victim_ip = self.address_of_task(tasks[victim])
        docker("kill", self.app_container(victim))
        wait_for(lambda: victim_ip not in {ip for ip, _ in self.health(group)}, timeout=60,
                 message="the killed task's target deregistered")
        self.wait_healthy(group, 2)
        self.assertNotIn(victim, self.serving_tasks(cluster))

        # A task whose health-check path fails: unhealthy, stopped and replaced, in ECS's words.
        tasks = self.serving_tasks(cluster)
        sick = sorted(tasks)[0]
        docker("exec", self.app_container(sick), "rm", "/www/health.html")
        task_id = sick.rsplit("/", 1)[1]
        wait_for(lambda: any(f"(task {task_id}) failed ELB health checks in (target-group "
                             f"{group})" in e["message"]
                             for e in self.ecs.describe_services(
                                 cluster=cluster, services=["web"])["services"][0]["events"]),
                 timeout=90, interval=1, message="the ELB health check event")
        stopped = self.wait_status(cluster, sick, "STOPPED", timeout=60)
        self.assertIn("ELB", stopped["stoppedReason"])
        self.wait_healthy(group, 2)

    def rolled_out(self, cluster):
        svc = self.ecs.describe_services(cluster=cluster, services=["web"])["services"][0]
        deployments = svc["deployments"]
        return (len(deployments) == 1 and deployments[0]["rolloutState"] == "COMPLETED"
                and svc["runningCount"] == 2)

    def address_of_task(self, task):
        details = task["attachments"][0]["details"]
        return {d["name"]: d["value"] for d in details}["privateIPv4Address"]

    def wait_healthy(self, group, n):
        return wait_for(lambda: (lambda h: h if [s for _, s in h] == ["healthy"] * n else None)(
            self.health(group)), timeout=60, interval=1, message=f"{n} healthy targets")
