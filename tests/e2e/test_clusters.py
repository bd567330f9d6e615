"""Clusters through boto3 and AWS CLI v2: CreateCluster, DescribeClusters, ListClusters,
DeleteCluster, UpdateCluster with its settings and capacity providers, and cluster tags.

Account settings are in test_account_settings; how other calls find a cluster (no implicit
default cluster) and their empty lists are in test_cluster_lookup.
"""
import base64
import unittest

from harness import ServerTestCase, cluster_arn, settings_of, tags_of


class CreateClusterTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def test_create_returns_the_cluster(self):
        c = self.ecs.create_cluster(clusterName="prod")["cluster"]
        self.assertEqual(c["clusterArn"], cluster_arn("prod"))
        self.assertEqual(c["clusterName"], "prod")
        self.assertEqual(c["status"], "ACTIVE")
        self.assertEqual(c["registeredContainerInstancesCount"], 0)
        self.assertEqual(c["runningTasksCount"], 0)
        self.assertEqual(c["pendingTasksCount"], 0)
        self.assertEqual(c["activeServicesCount"], 0)

    def test_no_name_creates_default(self):
        c = self.ecs.create_cluster()["cluster"]
        self.assertEqual(c["clusterName"], "default")
        self.assertEqual(c["clusterArn"], cluster_arn("default"))

    def test_create_is_idempotent(self):
        first = self.ecs.create_cluster(clusterName="prod", tags=[{"key": "a", "value": "1"}])
        second = self.ecs.create_cluster(clusterName="prod")
        self.assertEqual(first["cluster"]["clusterArn"], second["cluster"]["clusterArn"])
        self.assertEqual(second["cluster"]["status"], "ACTIVE")
        # The repeated call returns the cluster as it is, not a new one.
        self.assertEqual(tags_of(second["cluster"]["tags"]), {"a": "1"})
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [cluster_arn("prod")])

    def test_settings_tags_and_capacity_providers(self):
        c = self.ecs.create_cluster(
            clusterName="full",
            settings=[{"name": "containerInsights", "value": "enabled"}],
            tags=[{"key": "team", "value": "core"}, {"key": "env", "value": "dev"}],
            capacityProviders=["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategy=[
                {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
                {"capacityProvider": "FARGATE_SPOT", "weight": 4},
            ],
        )["cluster"]
        self.assertEqual(settings_of(c), {"containerInsights": "enabled"})
        self.assertEqual(tags_of(c["tags"]), {"team": "core", "env": "dev"})
        self.assertEqual(c["capacityProviders"], ["FARGATE", "FARGATE_SPOT"])
        strategy = {s["capacityProvider"]: s for s in c["defaultCapacityProviderStrategy"]}
        self.assertEqual(strategy["FARGATE"]["weight"], 1)
        self.assertEqual(strategy["FARGATE"]["base"], 1)
        self.assertEqual(strategy["FARGATE_SPOT"]["weight"], 4)

    def test_bad_names(self):
        for name in ["bad name", "bad/name", "x" * 256, "ünï"]:
            with self.subTest(name=name):
                self.assertClientError("InvalidParameterException", self.ecs.create_cluster,
                                       clusterName=name)
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])

    def test_longest_name(self):
        name = "a-Z_9" * 51
        self.assertEqual(len(name), 255)
        c = self.ecs.create_cluster(clusterName=name)["cluster"]
        self.assertEqual(c["clusterName"], name)

    def test_unknown_capacity_provider(self):
        self.assertClientError("InvalidParameterException", self.ecs.create_cluster,
                               clusterName="x", capacityProviders=["MY_ASG"])

    def test_strategy_must_name_an_associated_provider(self):
        self.assertClientError(
            "InvalidParameterException", self.ecs.create_cluster, clusterName="x",
            capacityProviders=["FARGATE"],
            defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}])

    def test_only_one_base(self):
        self.assertClientError(
            "InvalidParameterException", self.ecs.create_cluster, clusterName="x",
            capacityProviders=["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategy=[
                {"capacityProvider": "FARGATE", "base": 1},
                {"capacityProvider": "FARGATE_SPOT", "base": 2}])

    def test_bad_setting_value(self):
        self.assertClientError("InvalidParameterException", self.ecs.create_cluster,
                               clusterName="x",
                               settings=[{"name": "containerInsights", "value": "maybe"}])

    def test_reserved_tag_prefix(self):
        self.assertClientError("InvalidParameterException", self.ecs.create_cluster,
                               clusterName="x", tags=[{"key": "aws:owner", "value": "me"}])


class DescribeClustersTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(
            clusterName="prod",
            settings=[{"name": "containerInsights", "value": "enabled"}],
            tags=[{"key": "team", "value": "core"}],
            configuration={"executeCommandConfiguration": {"logging": "DEFAULT"}})

    def test_by_name_and_by_arn(self):
        r = self.ecs.describe_clusters(clusters=["prod", cluster_arn("prod")])
        self.assertEqual([c["clusterArn"] for c in r["clusters"]], [cluster_arn("prod")] * 2)
        self.assertEqual(r["failures"], [])

    def test_include_everything(self):
        r = self.ecs.describe_clusters(
            clusters=["prod"], include=["TAGS", "SETTINGS", "STATISTICS", "CONFIGURATIONS"])
        c = r["clusters"][0]
        self.assertEqual(tags_of(c["tags"]), {"team": "core"})
        self.assertEqual(settings_of(c), {"containerInsights": "enabled"})
        stats = {s["name"]: s["value"] for s in c["statistics"]}
        self.assertEqual(stats["runningFargateTasksCount"], "0")
        self.assertIn("pendingEC2TasksCount", stats)
        self.assertEqual(c["configuration"]["executeCommandConfiguration"]["logging"], "DEFAULT")

    def test_without_include_the_details_are_left_out(self):
        c = self.ecs.describe_clusters(clusters=["prod"])["clusters"][0]
        self.assertFalse(c.get("tags"))
        self.assertFalse(c.get("statistics"))
        self.assertNotIn("configuration", c)

    def test_missing_clusters_are_failures(self):
        r = self.ecs.describe_clusters(clusters=["prod", "nope", cluster_arn("gone")])
        self.assertEqual([c["clusterName"] for c in r["clusters"]], ["prod"])
        self.assertEqual(r["failures"], [{"arn": cluster_arn("nope"), "reason": "MISSING"},
                                         {"arn": cluster_arn("gone"), "reason": "MISSING"}])

    def test_default_cluster(self):
        r = self.ecs.describe_clusters()
        self.assertEqual(r["clusters"], [])
        self.assertEqual(r["failures"], [{"arn": cluster_arn("default"), "reason": "MISSING"}])
        self.ecs.create_cluster()
        r = self.ecs.describe_clusters()
        self.assertEqual([c["clusterArn"] for c in r["clusters"]], [cluster_arn("default")])

    def test_bad_include(self):
        self.assertClientError("InvalidParameterException", self.ecs.describe_clusters,
                               clusters=["prod"], include=["EVERYTHING"])


class ListClustersTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def test_empty(self):
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [])

    def test_pages_of_two_over_five(self):
        names = ["c3", "c1", "c5", "c2", "c4"]
        for n in names:
            self.ecs.create_cluster(clusterName=n)
        seen, token, pages = [], None, 0
        while True:
            kwargs = {"maxResults": 2}
            if token:
                kwargs["nextToken"] = token
            r = self.ecs.list_clusters(**kwargs)
            pages += 1
            self.assertLessEqual(len(r["clusterArns"]), 2)
            seen += r["clusterArns"]
            token = r.get("nextToken")
            if not token:
                break
            # Tokens are opaque: no ARN, no cluster name readable in them.
            self.assertNotIn("arn:aws", token)
            self.assertNotIn("c1", token)
            self.assertLess(pages, 10)
        self.assertEqual(pages, 3)
        self.assertEqual(sorted(seen), sorted(cluster_arn(n) for n in names))
        self.assertEqual(len(set(seen)), 5)

    def test_paginator(self):
        for i in range(7):
            self.ecs.create_cluster(clusterName=f"p{i}")
        pages = self.ecs.get_paginator("list_clusters").paginate(
            PaginationConfig={"PageSize": 3})
        arns = [a for page in pages for a in page["clusterArns"]]
        self.assertEqual(len(arns), 7)

    def test_bad_tokens(self):
        self.ecs.create_cluster(clusterName="a")
        for token in ["garbage!", "bm90IGpzb24=", base64.b64encode(b'{"l":"tasks","a":"x"}').decode()]:
            with self.subTest(token=token):
                self.assertClientError("InvalidParameterException", self.ecs.list_clusters,
                                       nextToken=token)

    def test_forged_token_with_wrong_cursor_type(self):
        token = base64.b64encode(b'{"l":"clusters","a":5}').decode()
        self.assertClientError("InvalidParameterException", self.ecs.list_clusters,
                               nextToken=token)

    def test_max_results_bounds(self):
        for n in [0, 101]:
            with self.subTest(n=n):
                self.assertClientError("InvalidParameterException", self.ecs.list_clusters,
                                       maxResults=n)

    def test_other_regions_are_separate(self):
        self.ecs.create_cluster(clusterName="here")
        eu = self.server.client(region="eu-west-1")
        self.assertEqual(eu.list_clusters()["clusterArns"], [])


class DeleteClusterTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def test_deleted_cluster_is_inactive_describable_not_listed(self):
        self.ecs.create_cluster(clusterName="gone", tags=[{"key": "a", "value": "b"}])
        self.ecs.create_cluster(clusterName="kept")
        c = self.ecs.delete_cluster(cluster="gone")["cluster"]
        self.assertEqual(c["status"], "INACTIVE")
        self.assertEqual(c["clusterArn"], cluster_arn("gone"))
        r = self.ecs.describe_clusters(clusters=["gone"])
        self.assertEqual(r["clusters"][0]["status"], "INACTIVE")
        self.assertEqual(r["failures"], [])
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [cluster_arn("kept")])

    def test_by_arn(self):
        self.ecs.create_cluster(clusterName="x")
        self.assertEqual(self.ecs.delete_cluster(cluster=cluster_arn("x"))["cluster"]["status"],
                         "INACTIVE")

    def test_unknown_and_twice(self):
        self.assertClientError("ClusterNotFoundException", self.ecs.delete_cluster, cluster="nope")
        self.ecs.create_cluster(clusterName="x")
        self.ecs.delete_cluster(cluster="x")
        self.assertClientError("ClusterNotFoundException", self.ecs.delete_cluster, cluster="x")

    def test_recreate_after_delete(self):
        self.ecs.create_cluster(clusterName="x", tags=[{"key": "old", "value": "1"}])
        self.ecs.delete_cluster(cluster="x")
        c = self.ecs.create_cluster(clusterName="x")["cluster"]
        self.assertEqual(c["status"], "ACTIVE")
        self.assertEqual(self.ecs.list_clusters()["clusterArns"], [cluster_arn("x")])
        self.assertEqual(self.ecs.list_tags_for_resource(resourceArn=cluster_arn("x"))["tags"], [])

    def test_an_inactive_cluster_cannot_be_changed(self):
        self.ecs.create_cluster(clusterName="x")
        self.ecs.delete_cluster(cluster="x")
        self.assertClientError("ClusterNotFoundException", self.ecs.update_cluster_settings,
                               cluster="x",
                               settings=[{"name": "containerInsights", "value": "enabled"}])
        self.assertClientError("ClusterNotFoundException", self.ecs.tag_resource,
                               resourceArn=cluster_arn("x"), tags=[{"key": "a", "value": "b"}])


class UpdateClusterTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="prod")

    def test_update_cluster(self):
        c = self.ecs.update_cluster(
            cluster="prod",
            settings=[{"name": "containerInsights", "value": "enhanced"}],
            configuration={"executeCommandConfiguration": {"logging": "NONE"}})["cluster"]
        self.assertEqual(settings_of(c), {"containerInsights": "enhanced"})
        self.assertEqual(c["configuration"]["executeCommandConfiguration"]["logging"], "NONE")
        d = self.ecs.describe_clusters(clusters=["prod"],
                                       include=["SETTINGS", "CONFIGURATIONS"])["clusters"][0]
        self.assertEqual(settings_of(d), {"containerInsights": "enhanced"})
        self.assertEqual(d["configuration"]["executeCommandConfiguration"]["logging"], "NONE")

    def test_update_cluster_settings(self):
        c = self.ecs.update_cluster_settings(
            cluster="prod", settings=[{"name": "containerInsights", "value": "enabled"}])["cluster"]
        self.assertEqual(settings_of(c), {"containerInsights": "enabled"})
        c = self.ecs.update_cluster_settings(
            cluster=cluster_arn("prod"),
            settings=[{"name": "containerInsights", "value": "disabled"}])["cluster"]
        self.assertEqual(settings_of(c), {"containerInsights": "disabled"})
        d = self.ecs.describe_clusters(clusters=["prod"], include=["SETTINGS"])["clusters"][0]
        self.assertEqual(settings_of(d), {"containerInsights": "disabled"})

    def test_update_unknown(self):
        self.assertClientError("ClusterNotFoundException", self.ecs.update_cluster,
                               cluster="nope",
                               settings=[{"name": "containerInsights", "value": "enabled"}])
        self.assertClientError("ClusterNotFoundException", self.ecs.update_cluster_settings,
                               cluster="nope",
                               settings=[{"name": "containerInsights", "value": "enabled"}])

    def test_bad_setting(self):
        self.assertClientError("InvalidParameterException", self.ecs.update_cluster_settings,
                               cluster="prod",
                               settings=[{"name": "containerInsights", "value": "on"}])

    def test_put_cluster_capacity_providers(self):
        c = self.ecs.put_cluster_capacity_providers(
            cluster="prod", capacityProviders=["FARGATE_SPOT"],
            defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 2}])[
                "cluster"]
        self.assertEqual(c["capacityProviders"], ["FARGATE_SPOT"])
        self.assertEqual(c["defaultCapacityProviderStrategy"][0]["capacityProvider"],
                         "FARGATE_SPOT")
        d = self.ecs.describe_clusters(clusters=["prod"])["clusters"][0]
        self.assertEqual(d["capacityProviders"], ["FARGATE_SPOT"])
        c = self.ecs.put_cluster_capacity_providers(
            cluster="prod", capacityProviders=[], defaultCapacityProviderStrategy=[])["cluster"]
        self.assertEqual(c["capacityProviders"], [])

    def test_put_cluster_capacity_providers_errors(self):
        self.assertClientError("ClusterNotFoundException",
                               self.ecs.put_cluster_capacity_providers, cluster="nope",
                               capacityProviders=["FARGATE"], defaultCapacityProviderStrategy=[])
        self.assertClientError("InvalidParameterException",
                               self.ecs.put_cluster_capacity_providers, cluster="prod",
                               capacityProviders=["FARGATE"],
                               defaultCapacityProviderStrategy=[
                                   {"capacityProvider": "FARGATE_SPOT"}])
        d = self.ecs.describe_clusters(clusters=["prod"])["clusters"][0]
        self.assertEqual(d["capacityProviders"], [])


class ClusterTagsTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def setUp(self):
        super().setUp()
        self.ecs.create_cluster(clusterName="prod", tags=[{"key": "a", "value": "1"}])

    def tags(self):
        return tags_of(self.ecs.list_tags_for_resource(resourceArn=cluster_arn("prod"))["tags"])

    def test_tag_untag_list(self):
        self.assertEqual(self.tags(), {"a": "1"})
        self.ecs.tag_resource(resourceArn=cluster_arn("prod"),
                              tags=[{"key": "a", "value": "2"}, {"key": "b", "value": ""}])
        self.assertEqual(self.tags(), {"a": "2", "b": ""})
        self.ecs.untag_resource(resourceArn=cluster_arn("prod"), tagKeys=["a", "missing"])
        self.assertEqual(self.tags(), {"b": ""})
        d = self.ecs.describe_clusters(clusters=["prod"], include=["TAGS"])["clusters"][0]
        self.assertEqual(tags_of(d["tags"]), {"b": ""})

    def test_unknown_cluster(self):
        for call, kwargs in [
                (self.ecs.tag_resource, {"tags": [{"key": "a", "value": "b"}]}),
                (self.ecs.untag_resource, {"tagKeys": ["a"]}),
                (self.ecs.list_tags_for_resource, {})]:
            with self.subTest(call=call.__name__):
                self.assertClientError("ClusterNotFoundException", call,
                                       resourceArn=cluster_arn("nope"), **kwargs)

    def test_not_an_arn(self):
        self.assertClientError("InvalidParameterException", self.ecs.list_tags_for_resource,
                               resourceArn="prod")

    def test_at_most_fifty(self):
        many = [{"key": f"k{i}", "value": "v"} for i in range(49)]
        self.ecs.tag_resource(resourceArn=cluster_arn("prod"), tags=many)
        self.assertEqual(len(self.tags()), 50)
        self.assertClientError("InvalidParameterException", self.ecs.tag_resource,
                               resourceArn=cluster_arn("prod"),
                               tags=[{"key": "one-more", "value": "v"}])
        # Overwriting an existing key does not count as a new tag.
        self.ecs.tag_resource(resourceArn=cluster_arn("prod"), tags=[{"key": "k0", "value": "new"}])
        self.assertEqual(self.tags()["k0"], "new")

    def test_tag_key_too_long(self):
        self.assertClientError("InvalidParameterException", self.ecs.tag_resource,
                               resourceArn=cluster_arn("prod"),
                               tags=[{"key": "k" * 129, "value": "v"}])


class AwsCliTest(ServerTestCase):
    server_args = ("--no-docker=true",)

    def test_core_flow(self):
        aws = self.server.aws
        c = aws("ecs", "create-cluster", "--cluster-name", "cli",
                "--settings", "name=containerInsights,value=enabled",
                "--tags", "key=team,value=cli")["cluster"]
        self.assertEqual(c["clusterArn"], cluster_arn("cli"))
        self.assertEqual(aws("ecs", "list-clusters")["clusterArns"], [cluster_arn("cli")])
        d = aws("ecs", "describe-clusters", "--clusters", "cli", "missing",
                "--include", "TAGS", "SETTINGS")
        self.assertEqual(d["clusters"][0]["clusterName"], "cli")
        self.assertEqual(tags_of(d["clusters"][0]["tags"]), {"team": "cli"})
        self.assertEqual(d["failures"], [{"arn": cluster_arn("missing"), "reason": "MISSING"}])
        aws("ecs", "tag-resource", "--resource-arn", cluster_arn("cli"), "--tags", "key=x,value=y")
        t = aws("ecs", "list-tags-for-resource", "--resource-arn", cluster_arn("cli"))
        self.assertEqual(tags_of(t["tags"]), {"team": "cli", "x": "y"})
        aws("ecs", "put-account-setting-default", "--name", "containerInsights",
            "--value", "enhanced")
        s = aws("ecs", "list-account-settings", "--name", "containerInsights")
        self.assertEqual(s["settings"][0]["value"], "enhanced")
        self.assertEqual(aws("ecs", "delete-cluster", "--cluster", "cli")["cluster"]["status"],
                         "INACTIVE")
        self.assertEqual(aws("ecs", "list-clusters")["clusterArns"], [])

    def test_cli_pagination_and_errors(self):
        for i in range(5):
            self.server.aws("ecs", "create-cluster", "--cluster-name", f"p{i}")
        # The CLI follows nextToken itself; a page size of 2 must still yield all five.
        r = self.server.aws("ecs", "list-clusters", "--page-size", "2")
        self.assertEqual(len(r["clusterArns"]), 5)
        r = self.server.aws("ecs", "list-clusters", "--max-items", "2")
        self.assertEqual(len(r["clusterArns"]), 2)
        self.assertIn("NextToken", r)
        bad = self.server.aws("ecs", "delete-cluster", "--cluster", "nope", check=False)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("ClusterNotFoundException", bad.stderr)

    def test_cli_region(self):
        self.server.aws("ecs", "create-cluster", "--cluster-name", "eu", region="eu-west-1")
        self.assertEqual(self.server.aws("ecs", "list-clusters", region="eu-west-1")["clusterArns"],
                         [cluster_arn("eu", "eu-west-1")])
        self.assertEqual(self.server.aws("ecs", "list-clusters")["clusterArns"], [])


if __name__ == "__main__":
    unittest.main()
