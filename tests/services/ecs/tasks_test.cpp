// RunTask, StartTask, StopTask, DescribeTasks and ListTasks over an in-memory store: ECS's own
// rules for them, which the Docker end-to-end tests would otherwise be the only ones to check.

#include <gmock/gmock.h>

#include <set>

#include "ecs_fixture.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::ecs {
namespace {

using ::testing::HasSubstr;

class TasksTest : public HandlerTest {
 protected:
  TasksTest() {
    call("CreateCluster", {{"clusterName", "c1"}});
    register_ec2("web");
    register_fargate("vpc");
  }

  json run(json input) {
    if (input.is_null()) {
      input = json::object();  // run({})
    }
    input["cluster"] = input.value("cluster", "c1");
    input["taskDefinition"] = input.value("taskDefinition", "web");
    return call("RunTask", input);
  }

  json describe(const std::string& task) {
    auto out = call("DescribeTasks", {{"cluster", "c1"}, {"tasks", {task}}});
    EXPECT_EQ(out["failures"], json::array());
    return out["tasks"].at(0);
  }
};

TEST_F(TasksTest, RunTaskStartsCountTasks) {
  auto out = run({{"count", 3}, {"startedBy", "me"}, {"group", "g"}});
  EXPECT_EQ(out["failures"], json::array());
  ASSERT_EQ(out["tasks"].size(), 3u);
  std::set<std::string> arns;
  for (const auto& t : out["tasks"]) {
    arns.insert(t["taskArn"].get<std::string>());
    EXPECT_EQ(t["clusterArn"], ecs_arn("cluster/c1"));
    EXPECT_EQ(t["taskDefinitionArn"], ecs_arn("task-definition/web:1"));
    EXPECT_EQ(t["lastStatus"], "PROVISIONING");
    EXPECT_EQ(t["desiredStatus"], "RUNNING");
    EXPECT_EQ(t["startedBy"], "me");
    EXPECT_EQ(t["group"], "g");
  }
  EXPECT_EQ(arns.size(), 3u);
  EXPECT_EQ(call("ListTasks", {{"cluster", "c1"}})["taskArns"].size(), 3u);
}

TEST_F(TasksTest, CountIsOneToTen) {
  for (int count : {0, 11, -1}) {
    EXPECT_EQ(
        error_of("RunTask", {{"cluster", "c1"}, {"taskDefinition", "web"}, {"count", count}}).first,
        "InvalidParameterException")
        << count;
  }
  EXPECT_EQ(call("ListTasks", {{"cluster", "c1"}})["taskArns"], json::array());
  EXPECT_EQ(run({{"count", 10}})["tasks"].size(), 10u);
  EXPECT_EQ(run({})["tasks"].size(), 1u);
}

TEST_F(TasksTest, ClientTokenReplaysTheFirstAnswer) {
  auto first = run({{"count", 2}, {"clientToken", "tok-1"}})["tasks"];
  ASSERT_EQ(first.size(), 2u);
  // The same request again starts nothing and answers the same tasks, even with another count.
  auto again = run({{"count", 5}, {"clientToken", "tok-1"}})["tasks"];
  ASSERT_EQ(again.size(), 2u);
  std::set<std::string> a = {first[0]["taskArn"], first[1]["taskArn"]};
  std::set<std::string> b = {again[0]["taskArn"], again[1]["taskArn"]};
  EXPECT_EQ(a, b);
  EXPECT_EQ(call("ListTasks", {{"cluster", "c1"}})["taskArns"].size(), 2u);
  // Another token, or none, starts new tasks.
  run({{"clientToken", "tok-2"}});
  run({});
  EXPECT_EQ(call("ListTasks", {{"cluster", "c1"}})["taskArns"].size(), 4u);
  // A token is per cluster.
  call("CreateCluster", {{"clusterName", "c2"}});
  EXPECT_EQ(run({{"cluster", "c2"}, {"clientToken", "tok-1"}})["tasks"][0]["clusterArn"],
            ecs_arn("cluster/c2"));
}

TEST_F(TasksTest, LaunchTypeDefaultsToEc2OnTheContainerInstance) {
  auto t = run({})["tasks"][0];
  EXPECT_EQ(t["launchType"], "EC2");
  auto instances = call("ListContainerInstances", {{"cluster", "c1"}})["containerInstanceArns"];
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(t["containerInstanceArn"], instances[0]);
  EXPECT_FALSE(t.contains("capacityProviderName"));
}

TEST_F(TasksTest, LaunchTypeAndStrategyAreExclusive) {
  auto [code, message] =
      error_of("RunTask", {{"cluster", "c1"},
                           {"taskDefinition", "vpc"},
                           {"launchType", "FARGATE"},
                           {"networkConfiguration", awsvpc()},
                           {"capacityProviderStrategy", {{{"capacityProvider", "FARGATE"}}}}});
  EXPECT_EQ(code, "InvalidParameterException");
  EXPECT_THAT(message, HasSubstr("launch type and capacity provider strategy"));
}

TEST_F(TasksTest, AStrategyLaunchesOnFargateUnderItsProvider) {
  auto t =
      run({{"taskDefinition", "vpc"},
           {"networkConfiguration", awsvpc()},
           {"capacityProviderStrategy", {{{"capacityProvider", "FARGATE_SPOT"}}}}})["tasks"][0];
  EXPECT_EQ(t["launchType"], "FARGATE");
  EXPECT_EQ(t["capacityProviderName"], "FARGATE_SPOT");
  EXPECT_FALSE(t.contains("containerInstanceArn"));
}

TEST_F(TasksTest, TheClustersDefaultStrategyAppliesWhenTheRequestNamesNone) {
  call("CreateCluster",
       {{"clusterName", "spot"},
        {"capacityProviders", {"FARGATE_SPOT"}},
        {"defaultCapacityProviderStrategy", {{{"capacityProvider", "FARGATE_SPOT"}}}}});
  auto t = run({{"cluster", "spot"},
                {"taskDefinition", "vpc"},
                {"networkConfiguration", awsvpc()}})["tasks"][0];
  EXPECT_EQ(t["launchType"], "FARGATE");
  EXPECT_EQ(t["capacityProviderName"], "FARGATE_SPOT");
  // An explicit launch type wins over the cluster's strategy.
  auto ec2 = run({{"cluster", "spot"}, {"launchType", "EC2"}})["tasks"][0];
  EXPECT_EQ(ec2["launchType"], "EC2");
  EXPECT_FALSE(ec2.contains("capacityProviderName"));
}

TEST_F(TasksTest, ALaunchTypeTheDefinitionDoesNotListIsRefused) {
  // "web" lists EXTERNAL and EC2 only: ECS lists FARGATE for definitions that require it.
  auto [code, message] = error_of("RunTask", {{"cluster", "c1"},
                                              {"taskDefinition", "web"},
                                              {"launchType", "FARGATE"},
                                              {"networkConfiguration", awsvpc()}});
  EXPECT_EQ(code, "InvalidParameterException");
  EXPECT_THAT(message, HasSubstr("does not support launch_type FARGATE"));
}

TEST_F(TasksTest, ExternalHasNoInstancesToRunOn) {
  auto out = run({{"launchType", "EXTERNAL"}});
  EXPECT_EQ(out["tasks"], json::array());
  EXPECT_EQ(out["failures"],
            json::parse(R"([{"arn": ")" + ecs_arn("cluster/c1") +
                        R"(", "reason": "No Container Instances were found in your cluster."}])"));
}

TEST_F(TasksTest, ANonNumericRevisionIsRefused) {
  EXPECT_EQ(error_of("RunTask", {{"cluster", "c1"}, {"taskDefinition", "web:latest"}}),
            std::make_pair(std::string("InvalidParameterException"),
                           std::string("Invalid revision number. Number: latest")));
}

TEST_F(TasksTest, StopTaskRecordsTheFirstStop) {
  auto arn = run({})["tasks"][0]["taskArn"].get<std::string>();
  auto before = describe(arn)["version"].get<long>();
  clock_.advance(5);
  auto stopped = call("StopTask", {{"cluster", "c1"}, {"task", arn}, {"reason", "enough"}})["task"];
  EXPECT_EQ(stopped["desiredStatus"], "STOPPED");
  EXPECT_EQ(stopped["stopCode"], "UserInitiated");
  EXPECT_EQ(stopped["stoppedReason"], "enough");
  EXPECT_EQ(stopped["version"], before + 1);
  // A second stop changes nothing: the first reason and version stay.
  auto again = call("StopTask", {{"cluster", "c1"}, {"task", arn}, {"reason", "later"}})["task"];
  EXPECT_EQ(again["stoppedReason"], "enough");
  EXPECT_EQ(again["version"], before + 1);
  EXPECT_EQ(describe(arn)["stoppedReason"], "enough");
}

TEST_F(TasksTest, StopTaskByIdWithTheDefaultReason) {
  auto arn = run({})["tasks"][0]["taskArn"].get<std::string>();
  auto id = arn.substr(arn.rfind('/') + 1);
  auto stopped = call("StopTask", {{"cluster", "c1"}, {"task", id}})["task"];
  EXPECT_EQ(stopped["taskArn"], arn);
  EXPECT_EQ(stopped["stoppedReason"], "Task stopped by user");
}

TEST_F(TasksTest, StopTaskRefusals) {
  auto arn = run({})["tasks"][0]["taskArn"].get<std::string>();
  EXPECT_EQ(
      error_of("StopTask", {{"cluster", "c1"}, {"task", arn}, {"reason", std::string(256, 'x')}})
          .first,
      "InvalidParameterException");
  EXPECT_EQ(error_of("StopTask", {{"cluster", "c1"}, {"task", "0123456789abcdef0123456789abcdef"}}),
            std::make_pair(std::string("InvalidParameterException"),
                           std::string("The referenced task was not found.")));
  EXPECT_EQ(describe(arn)["desiredStatus"], "RUNNING");
}

TEST_F(TasksTest, DescribeTasksRefusesAnEmptyList) {
  EXPECT_EQ(error_of("DescribeTasks", {{"cluster", "c1"}, {"tasks", json::array()}}),
            std::make_pair(std::string("InvalidParameterException"),
                           std::string("Tasks cannot be empty.")));
  EXPECT_EQ(error_of("DescribeTasks", {{"cluster", "c1"}}).second, "Tasks cannot be empty.");
}

TEST_F(TasksTest, DescribeContainerInstancesRefusesAnEmptyList) {
  EXPECT_EQ(error_of("DescribeContainerInstances",
                     {{"cluster", "c1"}, {"containerInstances", json::array()}}),
            std::make_pair(std::string("InvalidParameterException"),
                           std::string("Container instance cannot be empty.")));
}

TEST_F(TasksTest, ATaskArnOfAnotherAccountOrRegionIsMissing) {
  auto arn = run({})["tasks"][0]["taskArn"].get<std::string>();
  auto id = arn.substr(arn.rfind('/') + 1);
  for (const std::string& other : {"arn:aws:ecs:eu-west-1:000000000000:task/c1/" + id,
                                   "arn:aws:ecs:us-east-1:111111111111:task/c1/" + id}) {
    auto out = call("DescribeTasks", {{"cluster", "c1"}, {"tasks", {other}}});
    EXPECT_EQ(out["tasks"], json::array()) << other;
    EXPECT_EQ(out["failures"],
              json::parse(R"([{"arn": ")" + other + R"(", "reason": "MISSING"}])"));
    EXPECT_EQ(error_of("StopTask", {{"cluster", "c1"}, {"task", other}}).first,
              "InvalidParameterException");
  }
  EXPECT_EQ(describe(arn)["desiredStatus"], "RUNNING");
}

TEST_F(TasksTest, ListTasksByAServiceArnOfAnotherAccountOrRegionFindsNone) {
  auto arn = run({})["tasks"][0]["taskArn"].get<std::string>();
  // Make it a task of service "api", as the scheduler would have started it.
  db_.write([&] {
    auto t = *store::find_task(db_, arn);
    t.service_name = "api";
    store::save_task(db_, t);
  });
  const json mine = json::array({arn});
  EXPECT_EQ(call("ListTasks", {{"cluster", "c1"}, {"serviceName", "api"}})["taskArns"], mine);
  EXPECT_EQ(call("ListTasks",
                 {{"cluster", "c1"}, {"serviceName", ecs_arn("service/c1/api")}})["taskArns"],
            mine);
  for (const char* other : {"arn:aws:ecs:eu-west-1:000000000000:service/c1/api",
                            "arn:aws:ecs:us-east-1:111111111111:service/c1/api"}) {
    EXPECT_EQ(call("ListTasks", {{"cluster", "c1"}, {"serviceName", other}})["taskArns"],
              json::array())
        << other;
  }
}

TEST_F(TasksTest, AClusterArnOfAnotherAccountOrRegionIsNotFound) {
  for (const char* other : {"arn:aws:ecs:eu-west-1:000000000000:cluster/c1",
                            "arn:aws:ecs:us-east-1:111111111111:cluster/c1"}) {
    EXPECT_EQ(error_of("RunTask", {{"cluster", other}, {"taskDefinition", "web"}}).first,
              "ClusterNotFoundException")
        << other;
    EXPECT_EQ(error_of("ListTasks", {{"cluster", other}}).first, "ClusterNotFoundException");
  }
  // Its own ARN names it.
  EXPECT_EQ(run({{"cluster", ecs_arn("cluster/c1")}})["tasks"].size(), 1u);
}

TEST_F(TasksTest, StartTaskRunsOnTheNamedInstanceOnly) {
  auto instance = call("ListContainerInstances", {{"cluster", "c1"}})["containerInstanceArns"][0];
  auto out =
      call("StartTask", {{"cluster", "c1"},
                         {"taskDefinition", "web"},
                         {"containerInstances", {instance, "ffffffffffffffffffffffffffffffff"}}});
  ASSERT_EQ(out["tasks"].size(), 1u);
  EXPECT_EQ(out["tasks"][0]["containerInstanceArn"], instance);
  EXPECT_EQ(out["tasks"][0]["launchType"], "EC2");
  EXPECT_EQ(out["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(error_of("StartTask", {{"cluster", "c1"}, {"taskDefinition", "web"}}).first,
            "InvalidParameterException");
}

// ECS creates the "default" cluster only through CreateCluster (the console and the ECS agent
// call it); a call that names no cluster finds none until then.
class NoDefaultClusterTest : public HandlerTest {
 protected:
  NoDefaultClusterTest() { register_ec2("web"); }
};

TEST_F(NoDefaultClusterTest, EveryCallThatDefaultsToDefaultAnswersClusterNotFound) {
  const std::vector<std::pair<std::string, json>> calls = {
      {"RunTask", {{"taskDefinition", "web"}}},
      {"StartTask", {{"taskDefinition", "web"}, {"containerInstances", {"abc"}}}},
      {"StopTask", {{"task", "abc"}}},
      {"ListTasks", json::object()},
      {"DescribeTasks", {{"tasks", {"abc"}}}},
      {"CreateService", {{"serviceName", "s"}, {"taskDefinition", "web"}, {"desiredCount", 1}}},
      {"ListServices", json::object()},
      {"DescribeServices", {{"services", {"s"}}}},
      {"UpdateService", {{"service", "s"}, {"desiredCount", 0}}},
      {"DeleteService", {{"service", "s"}}},
      {"ListServiceDeployments", {{"service", "s"}}},
      {"ListContainerInstances", json::object()},
      {"DescribeContainerInstances", {{"containerInstances", {"abc"}}}},
      {"GetTaskProtection", json::object()},
      {"UpdateTaskProtection", {{"tasks", {"abc"}}, {"protectionEnabled", false}}},
      {"DeleteCluster", json::object()},
      {"UpdateCluster", {{"settings", json::array()}}},
  };
  for (const auto& [op, input] : calls) {
    EXPECT_EQ(error_of(op, input), std::make_pair(std::string("ClusterNotFoundException"),
                                                  std::string("Cluster not found.")))
        << op;
  }
  // Nothing was created on the way.
  EXPECT_EQ(call("ListClusters", json::object())["clusterArns"], json::array());
  auto described = call("DescribeClusters", json::object());
  EXPECT_EQ(described["failures"][0]["arn"], ecs_arn("cluster/default"));
  EXPECT_EQ(described["failures"][0]["reason"], "MISSING");
}

TEST_F(NoDefaultClusterTest, OnceCreatedTheDefaultClusterIsUsed) {
  EXPECT_EQ(call("CreateCluster", json::object())["cluster"]["clusterName"], "default");
  auto t = call("RunTask", {{"taskDefinition", "web"}})["tasks"][0];
  EXPECT_EQ(t["clusterArn"], ecs_arn("cluster/default"));
  EXPECT_EQ(call("ListTasks", json::object())["taskArns"], json::array({t["taskArn"]}));
  auto s = call("CreateService",
                {{"serviceName", "s"}, {"taskDefinition", "web"}, {"desiredCount", 1}})["service"];
  EXPECT_EQ(s["clusterArn"], ecs_arn("cluster/default"));
}

}  // namespace
}  // namespace minecs::ecs
