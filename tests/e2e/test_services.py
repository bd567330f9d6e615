"""Services: the scheduler keeps tasks running on a real Docker Engine, replaces what dies, rolls
out new revisions within the deployment configuration, trips the circuit breaker, drains on delete,
and resumes after a restart -- driven with boto3 (and AWS CLI v2 for its services-stable waiter).

Needs Docker and the test image (see docker_env.require_docker). Every test asserts what ECS itself
reports (deployments, counts, events, stopCode); the rollout test samples DescribeServices and
ListTasks/DescribeTasks while the rollout runs to check minimumHealthyPercent and maximumPercent.
"""
import time
import unittest
import uuid

from docker_env import TEST_IMAGE, DockerServerTestCase, docker
from harness import wait_for

# Runs until SIGTERM and then exits 0 at once.
LONG = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
FAST = {"Delay": 1, "MaxAttempts": 120}


class ServiceTestCase(DockerServerTestCase):

    def setUp(self):
        super().setUp()
        self.cluster = "s-" + uuid.uuid4().hex[:8]
        self.ecs.create_cluster(clusterName=self.cluster)

    def tearDown(self):
        self.remember_tasks(self.cluster)

    def register(self, command=None, family="web"):
        return self.ecs.register_task_definition(
            family=family,
            containerDefinitions=[{"name": "app", "image": TEST_IMAGE, "memory": 32,
                                   "essential": True, "command": command or LONG}],
        )["taskDefinition"]["taskDefinitionArn"]

    def create(self, name, task_definition, count, **kwargs):
        kwargs.setdefault("launchType", "EC2")
        return self.ecs.create_service(cluster=self.cluster, serviceName=name,
                                       taskDefinition=task_definition, desiredCount=count,
                                       **kwargs)["service"]

    def describe(self, name):
        resp = self.ecs.describe_services(cluster=self.cluster, services=[name])
        self.assertEqual(resp["failures"], [])
        return resp["services"][0]

    def stable(self, name):
        """The waiter, then the primary deployment's COMPLETED: it follows once the tasks have run
        for the scheduler's settle window (a second), as ECS too calls a deployment complete a
        little after the counts are reached."""
        self.ecs.get_waiter("services_stable").wait(cluster=self.cluster, services=[name],
                                                    WaiterConfig=FAST)
        return wait_for(lambda: (lambda s: s if s["deployments"][0]["rolloutState"] != "IN_PROGRESS"
                                 else None)(self.describe(name)),
                        timeout=15, interval=0.25, message="the deployment to complete")

    def tasks(self, name, status="RUNNING", **kwargs):
        arns = self.ecs.list_tasks(cluster=self.cluster, serviceName=name, desiredStatus=status,
                                   **kwargs)["taskArns"]
        out = []
        for i in range(0, len(arns), 100):
            out += self.ecs.describe_tasks(cluster=self.cluster, tasks=arns[i:i + 100])["tasks"]
        return out

    def messages(self, name):
        return [e["message"] for e in self.describe(name)["events"]]


class CreateAndReplaceTest(ServiceTestCase):

    def test_create_stable_then_killed_task_is_replaced(self):
        td = self.register()
        self.create("api", td, 2)
        s = self.stable("api")
        self.assertEqual(s["runningCount"], 2)
        self.assertEqual(s["pendingCount"], 0)
        self.assertEqual(len(s["deployments"]), 1)
        deployment = s["deployments"][0]
        self.assertEqual(deployment["rolloutState"], "COMPLETED")
        self.assertRegex(deployment["id"], r"^ecs-svc/\d{19}$")
        events = self.messages("api")
        self.assertEqual(events[0], "(service api) has reached a steady state.")
        self.assertIn(f"(service api) (deployment {deployment['id']}) deployment completed.",
                      events)
        self.assertTrue(any(m.startswith("(service api) has started 2 tasks: (task ")
                            for m in events), events)
        tasks = self.tasks("api")
        self.assertEqual(len(tasks), 2)
        for t in tasks:
            self.assertEqual(t["startedBy"], deployment["id"])
            self.assertEqual(t["group"], "service:api")
            self.assertEqual(t["lastStatus"], "RUNNING")
        # ListTasks by serviceName; the cluster counts the service.
        cluster = self.ecs.describe_clusters(clusters=[self.cluster])["clusters"][0]
        self.assertEqual(cluster["activeServicesCount"], 1)
        self.assertEqual(cluster["runningTasksCount"], 2)

        victim = tasks[0]
        docker("kill", victim["containers"][0]["runtimeId"])
        stopped = wait_for(lambda: [t for t in self.tasks("api", "STOPPED")
                                    if t["taskArn"] == victim["taskArn"]
                                    and t["lastStatus"] == "STOPPED"], timeout=30,
                           message="killed task STOPPED")[0]
        self.assertEqual(stopped["stopCode"], "EssentialContainerExited")
        s = self.stable("api")
        running = self.tasks("api")
        self.assertEqual(len(running), 2)
        self.assertNotIn(victim["taskArn"], [t["taskArn"] for t in running])
        self.assertEqual(s["deployments"][0]["failedTasks"], 1)
        self.assertTrue(any(m.startswith("(service api) has started 1 tasks:")
                            for m in self.messages("api")))

    def test_scale_up_and_down(self):
        td = self.register()
        self.create("scale", td, 1)
        self.stable("scale")
        self.ecs.update_service(cluster=self.cluster, service="scale", desiredCount=3)
        s = self.stable("scale")
        self.assertEqual(s["runningCount"], 3)
        self.assertEqual(len(s["deployments"]), 1)
        self.ecs.update_service(cluster=self.cluster, service="scale", desiredCount=1)
        s = self.stable("scale")
        self.assertEqual(s["runningCount"], 1)
        self.assertEqual(len(self.tasks("scale")), 1)
        stopped = self.tasks("scale", "STOPPED")
        self.assertEqual(len(stopped), 2)
        for t in stopped:
            self.assertEqual(t["stopCode"], "ServiceSchedulerInitiated")
            self.assertIn("Scaling activity initiated by (deployment ecs-svc/",
                          t["stoppedReason"])
        self.assertTrue(any(m.startswith("(service scale) has stopped 2 running tasks:")
                            for m in self.messages("scale")))


class RolloutTest(ServiceTestCase):

    def test_rolling_update_stays_within_minimum_and_maximum(self):
        td1 = self.register()
        td2 = self.register(family="web")
        desired, min_pct, max_pct = 4, 50, 150
        self.create("roll", td1, desired, deploymentConfiguration={
            "minimumHealthyPercent": min_pct, "maximumPercent": max_pct})
        self.stable("roll")
        self.ecs.update_service(cluster=self.cluster, service="roll", taskDefinition=td2)
        min_healthy, max_total = 2, 6
        samples = 0
        saw_two_deployments = False
        deadline = time.time() + 90
        while time.time() < deadline:
            s = self.describe("roll")
            # Everything that still exists: desired RUNNING, and stopping tasks not yet STOPPED.
            live = self.tasks("roll")
            stopping = [t for t in self.tasks("roll", "STOPPED") if t["lastStatus"] != "STOPPED"]
            running = [t for t in live if t["lastStatus"] == "RUNNING"]
            samples += 1
            # By ARN: a task stopped between the two listings appears in both. Every task in the
            # union existed when `live` was listed.
            existing = {t["taskArn"] for t in live} | {t["taskArn"] for t in stopping}
            self.assertLessEqual(len(existing), max_total, (s["deployments"], samples))
            self.assertGreaterEqual(len(running), min_healthy, samples)
            self.assertGreaterEqual(s["runningCount"], min_healthy)
            saw_two_deployments |= len(s["deployments"]) == 2
            if (len(s["deployments"]) == 1 and s["deployments"][0]["rolloutState"] == "COMPLETED"
                    and s["runningCount"] == desired):
                break
            time.sleep(0.1)
        s = self.stable("roll")
        self.assertTrue(saw_two_deployments)
        self.assertGreater(samples, 3)
        self.assertEqual(len(s["deployments"]), 1)
        self.assertEqual(s["deployments"][0]["taskDefinition"], td2)
        self.assertEqual(s["deployments"][0]["rolloutState"], "COMPLETED")
        self.assertEqual(s["taskDefinition"], td2)
        self.assertEqual({t["taskDefinitionArn"] for t in self.tasks("roll")}, {td2})
        listed = self.ecs.list_service_deployments(cluster=self.cluster, service="roll")
        statuses = [d["status"] for d in listed["serviceDeployments"]]
        self.assertEqual(statuses[0], "SUCCESSFUL")
        self.assertEqual(len(statuses), 2)

    def test_restart_during_rollout_resumes_without_duplicates(self):
        td1 = self.register()
        td2 = self.register(family="web")
        self.create("resume", td1, 2)
        self.stable("resume")
        self.ecs.update_service(cluster=self.cluster, service="resume", taskDefinition=td2)
        new_id = self.describe("resume")["deployments"][0]["id"]
        wait_for(lambda: self.ecs.list_tasks(cluster=self.cluster, startedBy=new_id)["taskArns"],
                 timeout=20, interval=0.05, message="first task of the new deployment")
        self.server.stop()
        self.server.start()
        self.ecs = type(self).ecs = self.server.client()
        s = self.stable("resume")
        self.assertEqual(s["taskDefinition"], td2)
        self.assertEqual(s["deployments"][0]["id"], new_id)
        started = set()
        for state in ("RUNNING", "STOPPED"):
            started.update(self.ecs.list_tasks(cluster=self.cluster, startedBy=new_id,
                                               desiredStatus=state)["taskArns"])
        self.assertEqual(len(started), 2, "the restarted scheduler started duplicates")


class CircuitBreakerTest(ServiceTestCase):

    def wait_deployment(self, name, predicate, timeout=90):
        return wait_for(lambda: predicate(self.describe(name)), timeout=timeout, interval=0.5,
                        message="deployment condition")

    def test_failed_deployment_without_rollback(self):
        bad = self.register(["sh", "-c", "exit 1"], family="bad")
        self.create("cb", bad, 2, deploymentConfiguration={
            "deploymentCircuitBreaker": {"enable": True, "rollback": False}})
        self.wait_deployment("cb", lambda s: s["deployments"][0]["rolloutState"] == "FAILED")
        s = self.describe("cb")
        d = s["deployments"][0]
        self.assertEqual(d["rolloutStateReason"],
                         "ECS deployment circuit breaker: tasks failed to start.")
        self.assertGreaterEqual(d["failedTasks"], 3)
        self.assertIn(f"(service cb) (deployment {d['id']}) deployment failed: tasks failed to "
                      "start.", self.messages("cb"))
        # A failed deployment launches nothing more. Desired status only goes from RUNNING to
        # STOPPED, so listing RUNNING before STOPPED sees every task once, even one that is told to
        # stop between the two calls.
        def launched():
            running = {t["taskArn"] for t in self.tasks("cb")}
            return running | {t["taskArn"] for t in self.tasks("cb", "STOPPED")}
        count = len(launched())
        time.sleep(4)
        self.assertEqual(len(launched()), count)

    def test_failed_deployment_rolls_back(self):
        good = self.register()
        bad = self.register(["sh", "-c", "exit 1"], family="web")
        self.create("rb", good, 1, deploymentConfiguration={
            "deploymentCircuitBreaker": {"enable": True, "rollback": True}})
        first = self.stable("rb")["deployments"][0]["id"]
        self.ecs.update_service(cluster=self.cluster, service="rb", taskDefinition=bad)
        self.wait_deployment("rb", lambda s: s["deployments"][0]["taskDefinition"] == good
                             and "rolling back" in s["deployments"][0]["rolloutStateReason"])
        s = self.describe("rb")
        self.assertEqual(s["deployments"][0]["rolloutStateReason"],
                         f"ECS deployment circuit breaker: rolling back to deploymentId {first}.")
        s = self.stable("rb")
        self.assertEqual(s["taskDefinition"], good)
        self.assertEqual(s["deployments"][0]["rolloutState"], "COMPLETED")
        self.assertEqual({t["taskDefinitionArn"] for t in self.tasks("rb")}, {good})


class ConfiguredBackoffTest(ServiceTestCase):
    """--service-backoff-base: after a failed task the next launch waits that long (it doubles per
    failure in a row). A failure counts as soon as its task is told to stop, as in ECS, so no
    replacement starts while the failed task is still stopping. With the default of one second,
    eight seconds see four launches or more."""
    server_args = ("--service-backoff-base", "30")

    def test_a_failing_service_relaunches_after_the_configured_delay(self):
        td = self.register(["sh", "-c", "exit 1"], family="failing")
        self.create("slow", td, 1)
        first = wait_for(lambda: self.tasks("slow", "STOPPED"), timeout=30,
                         message="the first task to fail")
        self.assertEqual(len(first), 1)
        time.sleep(8)
        launched = self.tasks("slow", "STOPPED") + self.tasks("slow")
        self.assertEqual(len(launched), 1, "a relaunch came before the 30 s backoff")


class DaemonTest(ServiceTestCase):

    def test_daemon_runs_one_task_on_the_container_instance_and_replaces_it(self):
        td = self.register()
        self.ecs.create_service(cluster=self.cluster, serviceName="agent", taskDefinition=td,
                                schedulingStrategy="DAEMON", launchType="EC2")
        s = self.stable("agent")
        self.assertEqual(s["schedulingStrategy"], "DAEMON")
        # One container instance stands for the local Docker host: one task.
        self.assertEqual((s["desiredCount"], s["runningCount"]), (1, 1))
        instance = self.ecs.list_container_instances(
            cluster=self.cluster)["containerInstanceArns"][0]
        first = self.tasks("agent")
        self.assertEqual([t["containerInstanceArn"] for t in first], [instance])
        docker("kill", first[0]["containers"][0]["runtimeId"])
        replaced = wait_for(
            lambda: [t for t in self.tasks("agent")
                     if t["taskArn"] != first[0]["taskArn"] and t["lastStatus"] == "RUNNING"],
            timeout=60, message="the daemon task to be replaced")
        self.assertEqual(len(replaced), 1)
        self.assertEqual(len(self.tasks("agent")), 1)


class DeleteAndCliTest(ServiceTestCase):

    def test_delete_drains_to_inactive(self):
        td = self.register()
        self.create("gone", td, 2)
        self.stable("gone")
        self.assertClientError("InvalidParameterException", self.ecs.delete_service,
                               cluster=self.cluster, service="gone")
        self.assertClientError("ClusterContainsServicesException", self.ecs.delete_cluster,
                               cluster=self.cluster)
        s = self.ecs.delete_service(cluster=self.cluster, service="gone", force=True)["service"]
        self.assertEqual(s["status"], "DRAINING")
        self.ecs.get_waiter("services_inactive").wait(cluster=self.cluster, services=["gone"],
                                                      WaiterConfig=FAST)
        s = self.describe("gone")
        self.assertEqual(s["status"], "INACTIVE")
        self.assertEqual(self.tasks("gone"), [])
        for t in self.tasks("gone", "STOPPED"):
            self.assertEqual(t["lastStatus"], "STOPPED")
            self.assertEqual(t["stopCode"], "ServiceSchedulerInitiated")
        self.assertEqual(self.ecs.list_services(cluster=self.cluster)["serviceArns"], [])
        self.ecs.delete_cluster(cluster=self.cluster)

    def test_aws_cli_waits_for_services_stable(self):
        td = self.register()
        self.server.aws("ecs", "create-service", "--cluster", self.cluster, "--service-name",
                        "cli", "--task-definition", td, "--desired-count", "2",
                        "--launch-type", "EC2")
        self.server.aws("ecs", "wait", "services-stable", "--cluster", self.cluster,
                        "--services", "cli")
        out = self.server.aws("ecs", "describe-services", "--cluster", self.cluster,
                              "--services", "cli")
        self.assertEqual(out["services"][0]["runningCount"], 2)
        self.assertEqual(len(out["services"][0]["deployments"]), 1)


if __name__ == "__main__":
    unittest.main()
