#include <gmock/gmock.h>

#include "cloudmap_fixture.hpp"

namespace minecs::servicediscovery {
namespace {

TEST_F(CloudMapTest, RegistrationChecksTheAttributesTheRecordsNeed) {
  auto ns = private_namespace("corp.local");
  auto srv = dns_service(ns, "web");
  auto reg = [&](json attributes) {
    return code_of("RegisterInstance",
                   {{"ServiceId", srv}, {"InstanceId", "i"}, {"Attributes", attributes}});
  };
  EXPECT_EQ(reg({{"AWS_INSTANCE_PORT", "80"}}), "InvalidInput");
  EXPECT_EQ(reg({{"AWS_INSTANCE_IPV4", "10.0.0.1"}}), "InvalidInput");  // SRV needs a port
  EXPECT_EQ(reg({{"AWS_INSTANCE_IPV4", "10.0.0.300"}, {"AWS_INSTANCE_PORT", "80"}}),
            "InvalidInput");
  EXPECT_EQ(reg({{"AWS_INSTANCE_IPV4", "10.0.0.1"}, {"AWS_INSTANCE_PORT", "70000"}}),
            "InvalidInput");
  // Custom health only for a service that has HealthCheckCustomConfig.
  EXPECT_EQ(reg({{"AWS_INSTANCE_IPV4", "10.0.0.1"},
                 {"AWS_INSTANCE_PORT", "80"},
                 {"AWS_INIT_HEALTH_STATUS", "HEALTHY"}}),
            "InvalidInput");
  EXPECT_EQ(code_of("RegisterInstance",
                    {{"ServiceId", "srv-nope"}, {"InstanceId", "i"}, {"Attributes", {{"a", "b"}}}}),
            "ServiceNotFound");

  register_ip(srv, "i-1", "10.0.0.1", {{"color", "blue"}});
  auto got = call("GetInstance", {{"ServiceId", srv}, {"InstanceId", "i-1"}})["Instance"];
  EXPECT_EQ(got["Attributes"]["color"], "blue");
  EXPECT_EQ(call("ListInstances", {{"ServiceId", srv}})["Instances"].size(), 1u);
  EXPECT_EQ(code_of("GetInstance", {{"ServiceId", srv}, {"InstanceId", "i-2"}}),
            "InstanceNotFound");
  EXPECT_EQ(code_of("DeregisterInstance", {{"ServiceId", srv}, {"InstanceId", "i-2"}}),
            "InstanceNotFound");
  // Without a health check the instance's health is unknown; custom health cannot be set.
  EXPECT_EQ(call("GetInstancesHealthStatus", {{"ServiceId", srv}})["Status"]["i-1"], "UNKNOWN");
  EXPECT_EQ(code_of("UpdateInstanceCustomHealthStatus",
                    {{"ServiceId", srv}, {"InstanceId", "i-1"}, {"Status", "UNHEALTHY"}}),
            "CustomHealthNotFound");
}

TEST_F(CloudMapTest, DiscoverFiltersByHealthAndAttributesAndCountsRevisions) {
  auto ns = http_namespace("apps");
  auto srv = call("CreateService", {{"Name", "api"},
                                    {"NamespaceId", ns},
                                    {"HealthCheckCustomConfig", json::object()}})["Service"]["Id"]
                 .get<std::string>();
  auto discover = [&](json extra = json::object()) {
    json input = {{"NamespaceName", "apps"}, {"ServiceName", "api"}};
    input.update(extra);
    std::vector<std::string> ids;
    auto out = call("DiscoverInstances", input);
    for (const auto& i : out["Instances"]) {
      ids.push_back(i["InstanceId"]);
    }
    return ids;
  };
  auto revision = [&] {
    return call("DiscoverInstancesRevision",
                {{"NamespaceName", "apps"}, {"ServiceName", "api"}})["InstancesRevision"]
        .get<long>();
  };
  auto r0 = revision();
  call("RegisterInstance",
       {{"ServiceId", srv}, {"InstanceId", "a"}, {"Attributes", {{"stage", "prod"}}}});
  call("RegisterInstance",
       {{"ServiceId", srv},
        {"InstanceId", "b"},
        {"Attributes", {{"stage", "dev"}, {"AWS_INIT_HEALTH_STATUS", "UNHEALTHY"}}}});
  EXPECT_EQ(revision(), r0 + 2);
  EXPECT_THAT(discover(), ::testing::ElementsAre("a"));
  EXPECT_THAT(discover({{"HealthStatus", "ALL"}}), ::testing::ElementsAre("a", "b"));
  EXPECT_THAT(discover({{"HealthStatus", "UNHEALTHY"}}), ::testing::ElementsAre("b"));
  EXPECT_THAT(discover({{"HealthStatus", "ALL"}, {"QueryParameters", {{"stage", "dev"}}}}),
              ::testing::ElementsAre("b"));
  // Optional parameters that match nothing are ignored.
  EXPECT_THAT(discover({{"HealthStatus", "ALL"}, {"OptionalParameters", {{"stage", "qa"}}}}),
              ::testing::ElementsAre("a", "b"));
  EXPECT_THAT(discover({{"HealthStatus", "ALL"}, {"OptionalParameters", {{"stage", "prod"}}}}),
              ::testing::ElementsAre("a"));

  call("UpdateInstanceCustomHealthStatus",
       {{"ServiceId", srv}, {"InstanceId", "a"}, {"Status", "UNHEALTHY"}});
  EXPECT_EQ(revision(), r0 + 3);
  EXPECT_THAT(discover(), ::testing::IsEmpty());
  EXPECT_THAT(discover({{"HealthStatus", "HEALTHY_OR_ELSE_ALL"}}),
              ::testing::ElementsAre("a", "b"));
  auto status = call("GetInstancesHealthStatus", {{"ServiceId", srv}})["Status"];
  EXPECT_EQ(status, (json{{"a", "UNHEALTHY"}, {"b", "UNHEALTHY"}}));
  EXPECT_EQ(code_of("DiscoverInstances", {{"NamespaceName", "nope"}, {"ServiceName", "api"}}),
            "NamespaceNotFound");
  EXPECT_EQ(code_of("DiscoverInstances", {{"NamespaceName", "apps"}, {"ServiceName", "nope"}}),
            "ServiceNotFound");

  auto ops = call("ListOperations",
                  {{"Filters", {{{"Name", "TYPE"}, {"Values", {"REGISTER_INSTANCE"}}}}}});
  EXPECT_EQ(ops["Operations"].size(), 2u);
  EXPECT_EQ(ops["Operations"][0]["Status"], "SUBMITTED");
}

}  // namespace
}  // namespace minecs::servicediscovery
