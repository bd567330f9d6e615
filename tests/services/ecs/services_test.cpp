#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "handler_fixture.hpp"
#include "handlers.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/cluster_stats.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/elbv2_records.hpp"
#include "minecs/store/services.hpp"
#include "sample_records.hpp"

namespace minecs::ecs {
namespace {

using ::testing::HasSubstr;

class ServicesTest : public test_support::handler_fixture {
 protected:
  ServicesTest() {
    add_cluster_handlers(table_);
    add_task_definition_handlers(table_);
    add_tag_handlers(table_);
    add_task_handlers(table_);
    add_service_handlers(table_);
    call("CreateCluster", {{"clusterName", "c1"}});
    call("RegisterTaskDefinition", {{"family", "web"},
                                    {"containerDefinitions",
                                     {{{"name", "app"},
                                       {"image", "busybox"},
                                       {"memory", 64},
                                       {"portMappings", {{{"containerPort", 8080}}}}}}}});
    call("RegisterTaskDefinition",
         {{"family", "web"},
          {"containerDefinitions", {{{"name", "app"}, {"image", "busybox"}, {"memory", 64}}}}});
    call("RegisterTaskDefinition", {{"family", "vpc"},
                                    {"networkMode", "awsvpc"},
                                    {"requiresCompatibilities", {"FARGATE"}},
                                    {"cpu", "256"},
                                    {"memory", "512"},
                                    {"containerDefinitions", {{{"name", "app"}, {"image", "x"}}}}});
  }

  json create(const std::string& name, json extra = json::object()) {
    json in = {
        {"cluster", "c1"}, {"serviceName", name}, {"taskDefinition", "web:1"}, {"desiredCount", 2}};
    in.update(extra);
    return call("CreateService", in)["service"];
  }

  json describe(const std::string& name) {
    return call("DescribeServices", {{"cluster", "c1"}, {"services", {name}}})["services"][0];
  }

  // A target group in the store, with a listener that forwards to it when `used`.
  std::string target_group(const std::string& name, const std::string& type, bool used = true) {
    auto sample = test_support::sample_target_group(name, type);
    auto& g = sample.group;
    auto& l = sample.listener;
    db_.write([&] {
      store::put_ec2(db_, g);
      if (used) {
        store::put_ec2(db_, l);
      }
    });
    return g.id;
  }

  json behind(const std::string& arn, long port = 8080) {
    return {{"loadBalancers",
             {{{"targetGroupArn", arn}, {"containerName", "app"}, {"containerPort", port}}}}};
  }
};

TEST_F(ServicesTest, EveryServiceHandlerNamesAnOperationOfTheModel) {
  api::handler_table table;
  add_service_handlers(table);
  auto model = model::api_model::ecs();
  EXPECT_EQ(table.all().size(), 10u);
  for (const auto& [name, _] : table.all()) {
    EXPECT_TRUE(model->has_operation(name)) << name;
  }
}

TEST_F(ServicesTest, CreateRendersTheServiceAsECS) {
  auto s =
      create("api", {{"tags", {{{"key", "team"}, {"value", "a"}}}},
                     {"healthCheckGracePeriodSeconds", 10},
                     {"loadBalancers",
                      {{{"targetGroupArn", target_group("x", "instance")},
                        {"containerName", "app"},
                        {"containerPort", 8080}}}},
                     {"deploymentConfiguration",
                      {{"deploymentCircuitBreaker", {{"enable", true}, {"rollback", true}}}}}});
  EXPECT_EQ(s["serviceArn"], "arn:aws:ecs:us-east-1:000000000000:service/c1/api");
  EXPECT_EQ(s["status"], "ACTIVE");
  EXPECT_EQ(s["desiredCount"], 2);
  EXPECT_EQ(s["runningCount"], 0);
  EXPECT_EQ(s["launchType"], "EC2");
  EXPECT_EQ(s["schedulingStrategy"], "REPLICA");
  EXPECT_EQ(s["healthCheckGracePeriodSeconds"], 10);
  EXPECT_EQ(s["deploymentConfiguration"]["minimumHealthyPercent"], 100);
  EXPECT_EQ(s["deploymentConfiguration"]["maximumPercent"], 200);
  EXPECT_EQ(s["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"], true);
  ASSERT_EQ(s["deployments"].size(), 1u);
  const auto& d = s["deployments"][0];
  EXPECT_EQ(d["status"], "PRIMARY");
  EXPECT_EQ(d["rolloutState"], "IN_PROGRESS");
  EXPECT_THAT(d["id"].get<std::string>(), ::testing::MatchesRegex("ecs-svc/[0-9]{19}"));
  EXPECT_EQ(d["rolloutStateReason"],
            "ECS deployment " + d["id"].get<std::string>() + " in progress.");
  EXPECT_EQ(s["tags"][0]["key"], "team");
  EXPECT_EQ(s["currentServiceDeployment"].get<std::string>().find(
                "arn:aws:ecs:us-east-1:000000000000:service-deployment/c1/api/"),
            0u);
}

TEST_F(ServicesTest, DuplicateNamesAndValidation) {
  create("api");
  EXPECT_EQ(error_of("CreateService",
                     {{"cluster", "c1"}, {"serviceName", "api"}, {"taskDefinition", "web:1"}}),
            std::make_pair(std::string("InvalidParameterException"),
                           std::string("Creation of service was not idempotent.")));
  EXPECT_EQ(error_of("CreateService", {{"cluster", "c1"},
                                       {"serviceName", "v"},
                                       {"taskDefinition", "vpc"},
                                       {"launchType", "FARGATE"}})
                .second,
            "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  EXPECT_EQ(
      error_of("CreateService", {{"cluster", "c1"},
                                 {"serviceName", "x"},
                                 {"taskDefinition", "web:1"},
                                 {"deploymentConfiguration", {{"minimumHealthyPercent", 150}}}})
          .first,
      "InvalidParameterException");
  EXPECT_THAT(error_of("CreateService", {{"cluster", "c1"},
                                         {"serviceName", "lb"},
                                         {"taskDefinition", "web:1"},
                                         {"loadBalancers",
                                          {{{"targetGroupArn", target_group("p", "instance")},
                                            {"containerName", "app"},
                                            {"containerPort", 9}}}}})
                  .second,
              HasSubstr("did not have a container port 9"));
  EXPECT_EQ(error_of("CreateService",
                     {{"cluster", "nope"}, {"serviceName", "a"}, {"taskDefinition", "web:1"}})
                .first,
            "ClusterNotFoundException");
  EXPECT_EQ(error_of("CreateService", {{"cluster", "c1"},
                                       {"serviceName", "d"},
                                       {"taskDefinition", "web:1"},
                                       {"schedulingStrategy", "DAEMON"},
                                       {"desiredCount", 1}})
                .first,
            "InvalidParameterException");
}

TEST_F(ServicesTest, DescribeListAndFailures) {
  for (int i = 0; i < 12; ++i) {
    create("s" + std::to_string(100 + i));
  }
  create("f", {{"taskDefinition", "vpc"},
               {"launchType", "FARGATE"},
               {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}}}});
  auto out = call("DescribeServices", {{"cluster", "c1"}, {"services", {"s100", "ghost"}}});
  ASSERT_EQ(out["services"].size(), 1u);
  EXPECT_EQ(out["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(out["failures"][0]["arn"], "arn:aws:ecs:us-east-1:000000000000:service/c1/ghost");
  EXPECT_FALSE(out["services"][0].contains("tags"));
  json eleven = json::array();
  for (int i = 0; i < 11; ++i) {
    eleven.push_back("s" + std::to_string(100 + i));
  }
  EXPECT_EQ(error_of("DescribeServices", {{"cluster", "c1"}, {"services", eleven}}).first,
            "InvalidParameterException");

  auto page = call("ListServices", {{"cluster", "c1"}});
  EXPECT_EQ(page["serviceArns"].size(), 10u);
  ASSERT_TRUE(page.contains("nextToken"));
  auto rest = call("ListServices", {{"cluster", "c1"}, {"nextToken", page["nextToken"]}});
  EXPECT_EQ(rest["serviceArns"].size(), 3u);
  EXPECT_FALSE(rest.contains("nextToken"));
  auto fargate = call("ListServices", {{"cluster", "c1"}, {"launchType", "FARGATE"}});
  ASSERT_EQ(fargate["serviceArns"].size(), 1u);
  EXPECT_EQ(
      call("ListServices", {{"cluster", "c1"}, {"schedulingStrategy", "DAEMON"}})["serviceArns"]
          .size(),
      0u);
  EXPECT_EQ(code_of("ListServicesByNamespace", {{"namespace", "ns"}}),
            "NamespaceNotFoundException");
  auto stats = db_.read([&] {
    return store::stats_of_cluster(db_, "arn:aws:ecs:us-east-1:000000000000:cluster/c1");
  });
  EXPECT_EQ(stats.active_services, 13);
  EXPECT_EQ(stats.active_fargate_services, 1);
}

TEST_F(ServicesTest, DescribeServicesRefusesAnEmptyList) {
  EXPECT_EQ(error_of("DescribeServices", {{"cluster", "c1"}, {"services", json::array()}}),
            std::make_pair(std::string("InvalidParameterException"),
                           std::string("Services cannot be empty.")));
}

TEST_F(ServicesTest, AServiceArnOfAnotherAccountOrRegionIsMissing) {
  create("api");
  for (const std::string other : {"arn:aws:ecs:eu-west-1:000000000000:service/c1/api",
                                  "arn:aws:ecs:us-east-1:111111111111:service/c1/api",
                                  "arn:aws:ecs:us-east-1:111111111111:service/api"}) {
    auto out = call("DescribeServices", {{"cluster", "c1"}, {"services", {other}}});
    EXPECT_EQ(out["services"], json::array()) << other;
    EXPECT_EQ(out["failures"], json::array({{{"arn", other}, {"reason", "MISSING"}}}));
    EXPECT_EQ(error_of("UpdateService", {{"cluster", "c1"}, {"service", other}}).first,
              "ServiceNotFoundException");
  }
  // Its own ARN, in either format, names it.
  for (const char* own : {"arn:aws:ecs:us-east-1:000000000000:service/c1/api",
                          "arn:aws:ecs:us-east-1:000000000000:service/api"}) {
    EXPECT_EQ(call("DescribeServices", {{"cluster", "c1"}, {"services", {own}}})["services"].size(),
              1u);
  }
}

// Terraform's wait_for_steady_state pairs a deployment with its service revision by number.
TEST_F(ServicesTest, ADeploymentAndItsRevisionShareANumber) {
  create("api");
  call("UpdateService", {{"cluster", "c1"}, {"service", "api"}, {"forceNewDeployment", true}});
  auto s = describe("api");
  ASSERT_EQ(s["deployments"].size(), 2u);
  std::set<std::string> tokens;
  for (const auto& d : s["deployments"]) {
    auto id = d["id"].get<std::string>();
    ASSERT_THAT(id, ::testing::MatchesRegex("ecs-svc/[0-9]{19}"));
    auto number = id.substr(std::string("ecs-svc/").size());
    auto listed = call("ListServiceDeployments", {{"cluster", "c1"}, {"service", "api"}});
    bool found = false;
    for (const auto& brief : listed["serviceDeployments"]) {
      if (brief["targetServiceRevisionArn"] ==
          "arn:aws:ecs:us-east-1:000000000000:service-revision/c1/api/" + number) {
        found = true;
        auto arn = brief["serviceDeploymentArn"].get<std::string>();
        const std::string prefix = "arn:aws:ecs:us-east-1:000000000000:service-deployment/c1/api/";
        ASSERT_EQ(arn.find(prefix), 0u);
        auto token = arn.substr(prefix.size());
        // A random token as in AWS's examples, not the deployment's number.
        EXPECT_THAT(token, ::testing::MatchesRegex("[A-Z0-9]{8}-[A-Za-z0-9]{11}"));
        tokens.insert(token);
      }
    }
    EXPECT_TRUE(found) << id;
  }
  EXPECT_EQ(tokens.size(), 2u);
  EXPECT_EQ(s["currentServiceDeployment"].get<std::string>().find(
                "arn:aws:ecs:us-east-1:000000000000:service-deployment/c1/api/"),
            0u);
}

TEST_F(ServicesTest, UpdateMakesANewDeploymentOnlyWhenTasksChange) {
  create("api");
  auto s = call("UpdateService",
                {{"cluster", "c1"}, {"service", "api"}, {"desiredCount", 5}})["service"];
  EXPECT_EQ(s["desiredCount"], 5);
  ASSERT_EQ(s["deployments"].size(), 1u);
  EXPECT_EQ(s["deployments"][0]["desiredCount"], 5);
  auto first = s["deployments"][0]["id"];
  s = call("UpdateService",
           {{"cluster", "c1"}, {"service", "api"}, {"taskDefinition", "web:2"}})["service"];
  ASSERT_EQ(s["deployments"].size(), 2u);
  EXPECT_EQ(s["deployments"][0]["status"], "PRIMARY");
  EXPECT_EQ(s["deployments"][0]["taskDefinition"],
            "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2");
  EXPECT_EQ(s["deployments"][1]["id"], first);
  EXPECT_EQ(s["deployments"][1]["status"], "ACTIVE");
  s = call("UpdateService",
           {{"cluster", "c1"}, {"service", "api"}, {"forceNewDeployment", true}})["service"];
  EXPECT_EQ(s["deployments"].size(), 3u);

  auto listed = call("ListServiceDeployments", {{"cluster", "c1"}, {"service", "api"}});
  ASSERT_EQ(listed["serviceDeployments"].size(), 3u);
  auto arn = listed["serviceDeployments"][0]["serviceDeploymentArn"];
  auto described =
      call("DescribeServiceDeployments",
           {{"serviceDeploymentArns",
             {arn, "arn:aws:ecs:us-east-1:000000000000:service-deployment/c1/api/1"}}});
  ASSERT_EQ(described["serviceDeployments"].size(), 1u);
  EXPECT_EQ(described["failures"][0]["reason"], "MISSING");
  auto revision = described["serviceDeployments"][0]["targetServiceRevision"]["arn"];
  auto revisions = call("DescribeServiceRevisions", {{"serviceRevisionArns", {revision}}});
  ASSERT_EQ(revisions["serviceRevisions"].size(), 1u);
  EXPECT_EQ(revisions["serviceRevisions"][0]["containerImages"][0]["image"], "busybox");

  EXPECT_EQ(error_of("UpdateService", {{"cluster", "c1"}, {"service", "ghost"}}).first,
            "ServiceNotFoundException");
}

TEST_F(ServicesTest, StopServiceDeploymentRollsBackOrConflicts) {
  create("api");
  auto arn = describe("api")["currentServiceDeployment"];
  // Nothing completed yet: no rollback target.
  EXPECT_EQ(error_of("StopServiceDeployment", {{"serviceDeploymentArn", arn}}).first,
            "ConflictException");
  EXPECT_EQ(error_of("StopServiceDeployment",
                     {{"serviceDeploymentArn",
                       "arn:aws:ecs:us-east-1:000000000000:service-deployment/c1/api/9"}})
                .first,
            "ServiceDeploymentNotFoundException");
  call("StopServiceDeployment", {{"serviceDeploymentArn", arn}, {"stopType", "ABORT"}});
  auto d = describe("api")["deployments"][0];
  EXPECT_EQ(d["rolloutState"], "FAILED");
}

TEST_F(ServicesTest, DeleteNeedsForceThenDrains) {
  create("api");
  auto [code, message] = error_of("DeleteService", {{"cluster", "c1"}, {"service", "api"}});
  EXPECT_EQ(code, "InvalidParameterException");
  EXPECT_EQ(message, "The service cannot be stopped while it is scaled above 0.");
  auto s =
      call("DeleteService", {{"cluster", "c1"}, {"service", "api"}, {"force", true}})["service"];
  EXPECT_EQ(s["status"], "DRAINING");
  EXPECT_EQ(s["desiredCount"], 0);
  EXPECT_EQ(error_of("DeleteCluster", {{"cluster", "c1"}}).first,
            "ClusterContainsServicesException");
  EXPECT_EQ(error_of("UpdateService", {{"cluster", "c1"}, {"service", "api"}}).first,
            "ServiceNotActiveException");
  // Still describable while DRAINING, and a new service of the same name must wait.
  EXPECT_EQ(describe("api")["status"], "DRAINING");
  EXPECT_EQ(error_of("CreateService",
                     {{"cluster", "c1"}, {"serviceName", "api"}, {"taskDefinition", "web:1"}})
                .first,
            "InvalidParameterException");
  EXPECT_EQ(call("ListServices", {{"cluster", "c1"}})["serviceArns"].size(), 1u);
}

TEST_F(ServicesTest, TagsThroughTagResource) {
  auto arn = create("api")["serviceArn"];
  call("TagResource", {{"resourceArn", arn}, {"tags", {{{"key", "k"}, {"value", "v"}}}}});
  auto out =
      call("DescribeServices", {{"cluster", "c1"}, {"services", {arn}}, {"include", {"TAGS"}}});
  EXPECT_EQ(out["services"][0]["tags"][0]["key"], "k");
  EXPECT_EQ(error_of("TagResource",
                     {{"resourceArn", "arn:aws:ecs:us-east-1:000000000000:service/c1/ghost"},
                      {"tags", {{{"key", "k"}, {"value", "v"}}}}})
                .first,
            "ServiceNotFoundException");
}

}  // namespace
}  // namespace minecs::ecs

namespace minecs::ecs {
namespace {

TEST_F(ServicesTest, LoadBalancersNameTargetGroupsThatALoadBalancerUses) {
  auto create_error = [&](json extra) {
    json in = {{"cluster", "c1"}, {"serviceName", "lb"}, {"taskDefinition", "web:1"}};
    in.update(extra);
    return error_of("CreateService", in);
  };
  auto missing =
      create_error(behind("arn:aws:elasticloadbalancing:us-east-1:000000000000:"
                          "targetgroup/no/0123456789abcdef"));
  EXPECT_EQ(missing.first, "InvalidParameterException");
  EXPECT_THAT(missing.second, HasSubstr("Unable to assume role and validate the specified "
                                        "targetGroupArn"));
  auto lonely = target_group("lonely", "instance", false);
  EXPECT_EQ(create_error(behind(lonely)).second, "The target group with targetGroupArn " + lonely +
                                                     " does not have an associated load balancer.");
  auto ip = target_group("ip", "ip");
  EXPECT_EQ(create_error(behind(ip)).second,
            "The provided target group " + ip +
                " has target type ip, which is incompatible with the bridge network mode "
                "specified in the task definition.");
  EXPECT_THAT(create_error({{"loadBalancers",
                             {{{"loadBalancerName", "classic"},
                               {"containerName", "app"},
                               {"containerPort", 8080}}}}})
                  .second,
              HasSubstr("The load balancer classic does not exist."));
  // Nothing was made by the refused calls.
  EXPECT_EQ(call("ListServices", {{"cluster", "c1"}})["serviceArns"].size(), 0u);
  auto good = target_group("good", "instance");
  EXPECT_EQ(create("lb", behind(good))["loadBalancers"][0]["targetGroupArn"], good);
}

TEST_F(ServicesTest, AwsvpcServicesNeedIpTargetsAndNoRole) {
  call("RegisterTaskDefinition",
       {{"family", "vpcweb"},
        {"networkMode", "awsvpc"},
        {"requiresCompatibilities", {"FARGATE"}},
        {"cpu", "256"},
        {"memory", "512"},
        {"containerDefinitions",
         {{{"name", "app"}, {"image", "x"}, {"portMappings", {{{"containerPort", 8080}}}}}}}});
  json in = {{"cluster", "c1"},
             {"serviceName", "v"},
             {"taskDefinition", "vpcweb:1"},
             {"launchType", "FARGATE"},
             {"networkConfiguration",
              {{"awsvpcConfiguration", {{"subnets", {"subnet-0123456789abcdef0"}}}}}}};
  auto instance = target_group("inst", "instance");
  auto with = [&](json extra) {
    json x = in;
    x.update(extra);
    return x;
  };
  EXPECT_THAT(error_of("CreateService", with(behind(instance))).second,
              HasSubstr("has target type instance, which is incompatible with the awsvpc "
                        "network mode"));
  auto ip = target_group("ip", "ip");
  auto role = behind(ip);
  role["role"] = "ecsServiceRole";
  EXPECT_EQ(error_of("CreateService", with(role)).second,
            "You cannot specify an IAM role for services that require a service linked role.");
  EXPECT_EQ(call("CreateService", with(behind(ip)))["service"]["status"], "ACTIVE");
}

}  // namespace
}  // namespace minecs::ecs

namespace minecs::ecs {
namespace {

// Service Connect and service registries, as CreateService checks and reports them.
class ServiceDiscoveryTest : public ServicesTest {
 protected:
  ServiceDiscoveryTest() {
    call("RegisterTaskDefinition",
         {{"family", "sc"},
          {"containerDefinitions",
           {{{"name", "app"},
             {"image", "busybox"},
             {"memory", 64},
             {"portMappings", {{{"containerPort", 8080}, {"name", "http"}}}}}}}});
    db_.write([&] {
      store::cloudmap_namespace n;
      n.id = "ns-aaaaaaaaaaaaaaaa";
      n.arn = store::cloudmap_arn("us-east-1", "000000000000", "namespace", n.id);
      n.region = "us-east-1";
      n.name = "apps";
      store::put_cloudmap_namespace(db_, n);
    });
  }
};

TEST_F(ServiceDiscoveryTest, ServiceConnectMakesItsCloudMapServiceAndIsReported) {
  json connect = {
      {"enabled", true},
      {"namespace", "apps"},
      {"services",
       {{{"portName", "http"}, {"clientAliases", {{{"dnsName", "web.apps"}, {"port", 8080}}}}}}}};
  auto s = create("sc", {{"taskDefinition", "sc:1"}, {"serviceConnectConfiguration", connect}});
  const auto& d = s["deployments"][0];
  EXPECT_EQ(d["serviceConnectConfiguration"], connect);
  ASSERT_EQ(d["serviceConnectResources"].size(), 1u);
  EXPECT_EQ(d["serviceConnectResources"][0]["discoveryName"], "http");
  auto made = db_.read([&] { return store::list_cloudmap_services(db_, "us-east-1"); });
  ASSERT_EQ(made.size(), 1u);
  EXPECT_EQ(d["serviceConnectResources"][0]["discoveryArn"], made[0].arn);
  EXPECT_EQ(made[0].name, "http");
  // Only the two members ECS shows.
  EXPECT_EQ(d["serviceConnectResources"][0].size(), 2u);
  // The namespace lists it, by name or ARN; a service without Service Connect is not listed.
  create("plain", {{"taskDefinition", "sc:1"}});
  auto listed = call("ListServicesByNamespace", {{"namespace", "apps"}})["serviceArns"];
  EXPECT_EQ(listed, json::array({s["serviceArn"]}));
  auto namespace_arn =
      store::cloudmap_arn("us-east-1", "000000000000", "namespace", "ns-aaaaaaaaaaaaaaaa");
  EXPECT_EQ(call("ListServicesByNamespace", {{"namespace", namespace_arn}})["serviceArns"], listed);

  auto bad = connect;
  bad["services"][0]["portName"] = "grpc";
  EXPECT_THAT(error_of("CreateService", {{"cluster", "c1"},
                                         {"serviceName", "b1"},
                                         {"taskDefinition", "sc:1"},
                                         {"serviceConnectConfiguration", bad}})
                  .second,
              HasSubstr("portName grpc"));
  bad = connect;
  bad["namespace"] = "nowhere";
  EXPECT_EQ(code_of("CreateService", {{"cluster", "c1"},
                                      {"serviceName", "b2"},
                                      {"taskDefinition", "sc:1"},
                                      {"serviceConnectConfiguration", bad}}),
            "InvalidParameterException");
}

TEST_F(ServiceDiscoveryTest, RegistriesMustBeCloudMapServicesThatExist) {
  auto registry = [&](json entry) {
    return error_of("CreateService", {{"cluster", "c1"},
                                      {"serviceName", "r"},
                                      {"taskDefinition", "sc:1"},
                                      {"serviceRegistries", {entry}}})
        .second;
  };
  EXPECT_THAT(registry({{"registryArn",
                         "arn:aws:servicediscovery:us-east-1:000000000000:"
                         "namespace/ns-aaaaaaaaaaaaaaaa"}}),
              HasSubstr("format of the supplied service registry ARN is invalid"));
  EXPECT_THAT(registry({{"registryArn",
                         "arn:aws:servicediscovery:us-east-1:000000000000:"
                         "service/srv-bbbbbbbbbbbbbbbb"}}),
              HasSubstr("does not exist"));
}

}  // namespace
}  // namespace minecs::ecs
