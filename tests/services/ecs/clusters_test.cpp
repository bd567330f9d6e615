// CreateCluster, DescribeClusters, DeleteCluster and the update calls over an in-memory store.

#include <gmock/gmock.h>

#include "ecs_fixture.hpp"

namespace minecs::ecs {
namespace {

using ::testing::HasSubstr;

class ClustersTest : public HandlerTest {
 protected:
  json describe(const std::string& name, json include = json::array()) {
    auto out = call("DescribeClusters", {{"clusters", {name}}, {"include", include}});
    EXPECT_EQ(out["failures"], json::array()) << name;
    return out["clusters"].at(0);
  }
};

TEST_F(ClustersTest, CreateRendersTheClusterAsEcs) {
  auto c = call("CreateCluster", {{"clusterName", "prod"},
                                  {"tags", {{{"key", "team"}, {"value", "core"}}}}})["cluster"];
  EXPECT_EQ(c["clusterArn"], ecs_arn("cluster/prod"));
  EXPECT_EQ(c["clusterName"], "prod");
  EXPECT_EQ(c["status"], "ACTIVE");
  EXPECT_EQ(c["runningTasksCount"], 0);
  EXPECT_EQ(c["pendingTasksCount"], 0);
  EXPECT_EQ(c["activeServicesCount"], 0);
  EXPECT_EQ(c["tags"], json::parse(R"([{"key": "team", "value": "core"}])"));
  EXPECT_EQ(c["settings"], json::parse(R"([{"name": "containerInsights", "value": "disabled"}])"));
  EXPECT_EQ(c["capacityProviders"], json::array());
}

TEST_F(ClustersTest, CreateWithNoNameMakesDefault) {
  EXPECT_EQ(call("CreateCluster", json::object())["cluster"]["clusterArn"],
            ecs_arn("cluster/default"));
  EXPECT_EQ(call("DescribeClusters", json::object())["clusters"][0]["clusterName"], "default");
}

TEST_F(ClustersTest, ARepeatedCreateAnswersTheClusterAsItIs) {
  call("CreateCluster", {{"clusterName", "prod"}, {"tags", {{{"key", "a"}, {"value", "1"}}}}});
  auto again = call("CreateCluster", {{"clusterName", "prod"}})["cluster"];
  EXPECT_EQ(again["tags"], json::parse(R"([{"key": "a", "value": "1"}])"));
  EXPECT_EQ(call("ListClusters", json::object())["clusterArns"].size(), 1u);
}

TEST_F(ClustersTest, CreateRefusals) {
  EXPECT_EQ(error_of("CreateCluster", {{"clusterName", "bad name"}}).first,
            "InvalidParameterException");
  EXPECT_EQ(error_of("CreateCluster", {{"clusterName", std::string(256, 'a')}}).first,
            "InvalidParameterException");
  EXPECT_THAT(error_of("CreateCluster", {{"clusterName", "p"},
                                         {"capacityProviders", {"FARGATE"}},
                                         {"defaultCapacityProviderStrategy",
                                          {{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 1}}}}})
                  .second,
              HasSubstr("not associated with the cluster"));
  EXPECT_EQ(call("ListClusters", json::object())["clusterArns"], json::array());
}

TEST_F(ClustersTest, DescribeByNameOrArnWithFailures) {
  call("CreateCluster", {{"clusterName", "prod"}});
  auto out = call("DescribeClusters", {{"clusters",
                                        {"prod", ecs_arn("cluster/prod"), "ghost",
                                         "arn:aws:ecs:eu-west-1:000000000000:cluster/prod",
                                         "arn:aws:ecs:us-east-1:111111111111:cluster/prod"}}});
  ASSERT_EQ(out["clusters"].size(), 2u);
  EXPECT_EQ(out["clusters"][1]["clusterArn"], ecs_arn("cluster/prod"));
  // An ARN of another region or account is a cluster minecs does not hold, named as given.
  EXPECT_EQ(out["failures"], json::parse(R"([
    {"arn": "arn:aws:ecs:us-east-1:000000000000:cluster/ghost", "reason": "MISSING"},
    {"arn": "arn:aws:ecs:eu-west-1:000000000000:cluster/prod", "reason": "MISSING"},
    {"arn": "arn:aws:ecs:us-east-1:111111111111:cluster/prod", "reason": "MISSING"}])"));
}

TEST_F(ClustersTest, DescribeIncludes) {
  call("CreateCluster", {{"clusterName", "prod"}, {"tags", {{{"key", "a"}, {"value", "1"}}}}});
  auto bare = describe("prod");
  EXPECT_EQ(bare["tags"], json::array());
  EXPECT_EQ(bare["settings"], json::array());
  EXPECT_EQ(bare["statistics"], json::array());
  auto full = describe("prod", {"TAGS", "SETTINGS", "STATISTICS"});
  EXPECT_EQ(full["tags"].size(), 1u);
  EXPECT_EQ(full["settings"][0]["name"], "containerInsights");
  EXPECT_EQ(full["statistics"].size(), 8u);
}

TEST_F(ClustersTest, DeleteLeavesAnInactiveCluster) {
  call("CreateCluster", {{"clusterName", "old"}});
  auto gone = call("DeleteCluster", {{"cluster", "old"}})["cluster"];
  EXPECT_EQ(gone["status"], "INACTIVE");
  EXPECT_EQ(describe("old")["status"], "INACTIVE");
  EXPECT_EQ(call("ListClusters", json::object())["clusterArns"], json::array());
  EXPECT_EQ(error_of("DeleteCluster", {{"cluster", "old"}}).first, "ClusterNotFoundException");
  EXPECT_EQ(error_of("DeleteCluster", {{"cluster", "never"}}).first, "ClusterNotFoundException");
  // Its name can be used again.
  EXPECT_EQ(call("CreateCluster", {{"clusterName", "old"}})["cluster"]["status"], "ACTIVE");
}

TEST_F(ClustersTest, DeleteRefusesAClusterWithServicesOrTasks) {
  call("CreateCluster", {{"clusterName", "busy"}});
  register_ec2("web");
  call("CreateService",
       {{"cluster", "busy"}, {"serviceName", "s"}, {"taskDefinition", "web"}, {"desiredCount", 0}});
  EXPECT_EQ(error_of("DeleteCluster", {{"cluster", "busy"}}).first,
            "ClusterContainsServicesException");
  call("DeleteService", {{"cluster", "busy"}, {"service", "s"}});

  call("CreateCluster", {{"clusterName", "tasks"}});
  call("RunTask", {{"cluster", "tasks"}, {"taskDefinition", "web"}});
  EXPECT_EQ(error_of("DeleteCluster", {{"cluster", "tasks"}}),
            std::make_pair(std::string("ClusterContainsTasksException"),
                           std::string("The Cluster cannot be deleted while Tasks are active.")));
  EXPECT_EQ(describe("tasks")["pendingTasksCount"], 1);
  EXPECT_EQ(describe("tasks")["status"], "ACTIVE");
}

TEST_F(ClustersTest, UpdateClusterMergesSettings) {
  call("CreateCluster", {{"clusterName", "prod"}});
  auto c = call(
      "UpdateCluster",
      {{"cluster", "prod"},
       {"settings", {{{"name", "containerInsights"}, {"value", "enhanced"}}}},
       {"configuration", {{"executeCommandConfiguration", {{"logging", "DEFAULT"}}}}}})["cluster"];
  EXPECT_EQ(c["settings"], json::parse(R"([{"name": "containerInsights", "value": "enhanced"}])"));
  EXPECT_EQ(c["configuration"]["executeCommandConfiguration"]["logging"], "DEFAULT");
  auto s =
      call("UpdateClusterSettings",
           {{"cluster", "prod"},
            {"settings", {{{"name", "containerInsights"}, {"value", "disabled"}}}}})["cluster"];
  EXPECT_EQ(s["settings"], json::parse(R"([{"name": "containerInsights", "value": "disabled"}])"));
  EXPECT_EQ(describe("prod", {"SETTINGS"})["settings"][0]["value"], "disabled");
  EXPECT_EQ(error_of("UpdateCluster",
                     {{"cluster", "prod"},
                      {"settings", {{{"name", "containerInsights"}, {"value", "sometimes"}}}}})
                .first,
            "InvalidParameterException");
  EXPECT_EQ(error_of("UpdateClusterSettings",
                     {{"cluster", "ghost"},
                      {"settings", {{{"name", "containerInsights"}, {"value", "enabled"}}}}})
                .first,
            "ClusterNotFoundException");
}

TEST_F(ClustersTest, PutClusterCapacityProviders) {
  call("CreateCluster", {{"clusterName", "prod"}});
  auto c = call("PutClusterCapacityProviders",
                {{"cluster", "prod"},
                 {"capacityProviders", {"FARGATE", "FARGATE_SPOT"}},
                 {"defaultCapacityProviderStrategy",
                  {{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 2}}}}})["cluster"];
  EXPECT_EQ(c["capacityProviders"], json({"FARGATE", "FARGATE_SPOT"}));
  EXPECT_EQ(describe("prod")["defaultCapacityProviderStrategy"][0]["capacityProvider"],
            "FARGATE_SPOT");
  EXPECT_EQ(
      error_of("PutClusterCapacityProviders", {{"cluster", "prod"},
                                               {"capacityProviders", {"MINE"}},
                                               {"defaultCapacityProviderStrategy", json::array()}})
          .first,
      "InvalidParameterException");
  // The refused call changed nothing.
  EXPECT_EQ(describe("prod")["capacityProviders"], json({"FARGATE", "FARGATE_SPOT"}));
}

}  // namespace
}  // namespace minecs::ecs
