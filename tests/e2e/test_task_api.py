"""Tasks without Docker (minecs runs with --no-docker: tasks are accepted and stay pending):
RunTask validation and count bounds, DescribeTasks failures, ListTasks filters and pagination,
pending counts, tags, client tokens, placement on the container instance and StartTask.
"""
import unittest

from docker_env import TEST_IMAGE
from harness import ACCOUNT, REGION, tags_of
from task_harness import AWSVPC, LONG, TaskTestBase


class TaskApiTest(TaskTestBase):
    """What needs no running container: validation, listing, tags, tokens, placement."""

    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.cluster = self.new_cluster()
        self.register("plain", [{"name": "app", "command": LONG}])

    def test_awsvpc_needs_network_configuration(self):
        self.register("vpc", [{"name": "app", "command": LONG}], fargate=True)
        err = self.assertClientError("InvalidParameterException", self.ecs.run_task,
                                     cluster=self.cluster, taskDefinition="vpc",
                                     launchType="FARGATE")
        self.assertIn("Network Configuration", err["Error"]["Message"])
        self.assertClientError("InvalidParameterException", self.ecs.run_task,
                               cluster=self.cluster, taskDefinition="plain",
                               networkConfiguration=AWSVPC)
        self.assertEqual(self.ecs.list_tasks(cluster=self.cluster)["taskArns"], [])

    def test_count_bounds(self):
        for count in (0, 11):
            with self.subTest(count=count):
                self.assertClientError("InvalidParameterException", self.ecs.run_task,
                                       cluster=self.cluster, taskDefinition="plain", count=count)
        tasks = self.run_task(self.cluster, "plain", count=10)
        self.assertEqual(len({t["taskArn"] for t in tasks}), 10)

    def test_describe_unknown_task_is_missing(self):
        arn = self.run_one(self.cluster, "plain")["taskArn"]
        unknown_id = "0123456789abcdef0123456789abcdef"
        unknown_arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{self.cluster}/{unknown_id}"
        resp = self.ecs.describe_tasks(cluster=self.cluster, tasks=[arn, unknown_id])
        self.assertEqual([t["taskArn"] for t in resp["tasks"]], [arn])
        self.assertEqual(resp["failures"], [{"arn": unknown_arn, "reason": "MISSING"}])
        # By id as well as ARN.
        resp = self.ecs.describe_tasks(cluster=self.cluster, tasks=[arn.split("/")[-1]])
        self.assertEqual([t["taskArn"] for t in resp["tasks"]], [arn])
        self.assertClientError("InvalidParameterException", self.ecs.stop_task,
                               cluster=self.cluster, task=unknown_id)

    def test_list_tasks_filters_and_pagination(self):
        self.register("other", [{"name": "app", "command": LONG}])
        self.register("vpc", [{"name": "app", "command": LONG}], fargate=True)
        plain = [t["taskArn"] for t in self.run_task(self.cluster, "plain", count=3,
                                                     startedBy="alice")]
        other = [t["taskArn"] for t in self.run_task(self.cluster, "other", count=2,
                                                     startedBy="bob")]
        vpc = self.run_one(self.cluster, "vpc", launchType="FARGATE",
                           networkConfiguration=AWSVPC)["taskArn"]
        self.ecs.stop_task(cluster=self.cluster, task=other[0], reason="done")

        def listed(**kw):
            return set(self.ecs.list_tasks(cluster=self.cluster, **kw)["taskArns"])

        self.assertEqual(listed(), set(plain + other[1:] + [vpc]))
        self.assertEqual(listed(family="plain"), set(plain))
        self.assertEqual(listed(family="other"), {other[1]})
        self.assertEqual(listed(startedBy="bob"), {other[1]})
        self.assertEqual(listed(desiredStatus="STOPPED"), {other[0]})
        self.assertEqual(listed(desiredStatus="STOPPED", family="plain"), set())
        self.assertEqual(listed(launchType="FARGATE"), {vpc})
        self.assertEqual(listed(launchType="EC2"), set(plain + other[1:]))
        self.assertEqual(listed(family="nope"), set())

        seen, token, pages = [], None, 0
        while True:
            kw = {"nextToken": token} if token else {}
            page = self.ecs.list_tasks(cluster=self.cluster, maxResults=2, **kw)
            self.assertLessEqual(len(page["taskArns"]), 2)
            seen += page["taskArns"]
            pages += 1
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), set(plain + other[1:] + [vpc]))
        paginated = []
        for page in self.ecs.get_paginator("list_tasks").paginate(
                cluster=self.cluster, PaginationConfig={"PageSize": 4}):
            paginated += page["taskArns"]
        self.assertEqual(sorted(paginated), sorted(seen))

    def test_pending_counts_and_delete_cluster(self):
        arns = [t["taskArn"] for t in self.run_task(self.cluster, "plain", count=3)]
        c = self.ecs.describe_clusters(clusters=[self.cluster])["clusters"][0]
        # Without Docker nothing starts: they stay pending.
        self.assertEqual((c["runningTasksCount"], c["pendingTasksCount"]), (0, 3))
        self.assertEqual(self.describe(self.cluster, arns[0])["lastStatus"], "PROVISIONING")
        self.assertClientError("ClusterContainsTasksException", self.ecs.delete_cluster,
                               cluster=self.cluster)
        for arn in arns:
            t = self.ecs.stop_task(cluster=self.cluster, task=arn)["task"]
            self.assertEqual(t["desiredStatus"], "STOPPED")
        c = self.ecs.describe_clusters(clusters=[self.cluster])["clusters"][0]
        self.assertEqual(c["pendingTasksCount"], 0)
        self.assertEqual(self.ecs.delete_cluster(cluster=self.cluster)["cluster"]["status"],
                         "INACTIVE")

    def test_tags_with_propagation_from_the_task_definition(self):
        self.ecs.register_task_definition(
            family="tagged", containerDefinitions=[{"name": "app", "image": TEST_IMAGE,
                                                     "memory": 64, "command": LONG}],
            tags=[{"key": "team", "value": "core"}, {"key": "env", "value": "td"}])
        arn = self.run_one(self.cluster, "tagged", propagateTags="TASK_DEFINITION",
                           tags=[{"key": "env", "value": "task"}])["taskArn"]
        t = self.describe(self.cluster, arn, include=["TAGS"])
        self.assertEqual(tags_of(t["tags"]), {"team": "core", "env": "task"})
        self.assertEqual(tags_of(self.describe(self.cluster, arn).get("tags")), {})
        self.assertEqual(tags_of(self.ecs.list_tags_for_resource(resourceArn=arn)["tags"]),
                         {"team": "core", "env": "task"})
        plain = self.run_one(self.cluster, "tagged", tags=[{"key": "k", "value": "v"}])["taskArn"]
        self.assertEqual(tags_of(self.describe(self.cluster, plain, include=["TAGS"])["tags"]),
                         {"k": "v"})

    def test_client_token_is_idempotent(self):
        first = self.run_one(self.cluster, "plain", clientToken="token-1")["taskArn"]
        again = self.run_one(self.cluster, "plain", clientToken="token-1")["taskArn"]
        other = self.run_one(self.cluster, "plain", clientToken="token-2")["taskArn"]
        self.assertEqual(first, again)
        self.assertNotEqual(first, other)
        self.assertEqual(set(self.ecs.list_tasks(cluster=self.cluster)["taskArns"]),
                         {first, other})

    def test_ec2_tasks_are_placed_on_the_container_instance(self):
        task = self.run_one(self.cluster, "plain", launchType="EC2")
        instances = self.ecs.list_container_instances(cluster=self.cluster)["containerInstanceArns"]
        self.assertEqual(len(instances), 1)
        self.assertEqual(task["containerInstanceArn"], instances[0])
        ci = self.ecs.describe_container_instances(cluster=self.cluster,
                                                   containerInstances=instances)
        self.assertEqual(ci["failures"], [])
        self.assertEqual(ci["containerInstances"][0]["status"], "ACTIVE")
        self.assertEqual(self.ecs.list_tasks(cluster=self.cluster,
                                             containerInstance=instances[0])["taskArns"],
                         [task["taskArn"]])
        # Fargate tasks are not on it.
        self.register("vpc", [{"name": "app", "command": LONG}], fargate=True)
        fargate = self.run_one(self.cluster, "vpc", launchType="FARGATE",
                               networkConfiguration=AWSVPC)
        self.assertNotIn("containerInstanceArn", fargate)

    def test_start_task_on_the_container_instance(self):
        self.run_one(self.cluster, "plain")  # registers the instance
        ci = self.ecs.list_container_instances(cluster=self.cluster)["containerInstanceArns"][0]
        resp = self.ecs.start_task(cluster=self.cluster, taskDefinition="plain",
                                   containerInstances=[ci, "0123456789abcdef0123456789abcdef"],
                                   startedBy="carol")
        self.assertEqual(len(resp["tasks"]), 1)
        self.assertEqual(resp["tasks"][0]["containerInstanceArn"], ci)
        self.assertEqual(resp["tasks"][0]["launchType"], "EC2")
        self.assertEqual([f["reason"] for f in resp["failures"]], ["MISSING"])
        self.assertEqual(self.ecs.list_tasks(cluster=self.cluster, startedBy="carol")["taskArns"],
                         [resp["tasks"][0]["taskArn"]])


if __name__ == "__main__":
    unittest.main()
