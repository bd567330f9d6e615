"""How the calls that take a cluster find it: no implicit default cluster until CreateCluster
makes it, cluster ARNs of another account or region, and the describe calls' refusal of empty
lists.
"""
import unittest

from harness import ServerTestCase, cluster_arn


class NoImplicitDefaultClusterTest(ServerTestCase):
    """ECS creates the cluster named default only through CreateCluster (the console and the ECS
    agent call it); a call that names no cluster finds none until then."""
    server_args = ("--no-docker",)

    def setUp(self):
        super().setUp()
        self.ecs.register_task_definition(
            family="web", containerDefinitions=[{"name": "app", "image": "busybox",
                                                 "memory": 64}])

    def assertNotFound(self, fn, **kwargs):
        err = self.assertClientError("ClusterNotFoundException", fn, **kwargs)
        self.assertEqual(err["Error"]["Message"], "Cluster not found.")

    def test_calls_that_default_to_default_find_no_cluster(self):
        self.assertNotFound(self.ecs.run_task, taskDefinition="web")
        self.assertNotFound(self.ecs.start_task, taskDefinition="web", containerInstances=["x"])
        self.assertNotFound(self.ecs.create_service, serviceName="s", taskDefinition="web",
                            desiredCount=1)
        self.assertNotFound(self.ecs.list_tasks)
        self.assertNotFound(self.ecs.list_services)
        self.assertNotFound(self.ecs.describe_tasks, tasks=["x"])
        self.assertNotFound(self.ecs.describe_services, services=["s"])
        self.assertNotFound(self.ecs.list_container_instances)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])
        r = self.server.aws("ecs", "run-task", "--task-definition", "web", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ClusterNotFoundException", r.stderr)

    def test_once_created_default_is_used(self):
        self.ecs.create_cluster()
        task = self.ecs.run_task(taskDefinition="web")["tasks"][0]
        self.assertEqual(task["clusterArn"], cluster_arn("default"))
        self.assertEqual(self.ecs.list_tasks()["taskArns"], [task["taskArn"]])

    def test_a_cluster_arn_of_another_account_or_region_is_not_found(self):
        self.ecs.create_cluster(clusterName="prod")
        for other in ["arn:aws:ecs:eu-west-1:000000000000:cluster/prod",
                      "arn:aws:ecs:us-east-1:111111111111:cluster/prod"]:
            with self.subTest(other=other):
                self.assertNotFound(self.ecs.list_tasks, cluster=other)
                r = self.ecs.describe_clusters(clusters=[other])
                self.assertEqual(r["failures"], [{"arn": other, "reason": "MISSING"}])


class EmptyListsTest(ServerTestCase):
    """ECS refuses to describe nothing, with its own texts."""
    server_args = ("--no-docker",)

    def test_describe_calls_refuse_empty_lists(self):
        self.ecs.create_cluster(clusterName="prod")
        for fn, kwargs, message in [
                (self.ecs.describe_tasks, {"tasks": []}, "Tasks cannot be empty."),
                (self.ecs.describe_services, {"services": []}, "Services cannot be empty."),
                (self.ecs.describe_container_instances, {"containerInstances": []},
                 "Container instance cannot be empty.")]:
            with self.subTest(call=fn.__name__):
                err = self.assertClientError("InvalidParameterException", fn, cluster="prod",
                                             **kwargs)
                self.assertEqual(err["Error"]["Message"], message)


if __name__ == "__main__":
    unittest.main()
