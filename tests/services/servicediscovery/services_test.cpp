#include <gmock/gmock.h>

#include "cloudmap_fixture.hpp"

namespace minecs::servicediscovery {
namespace {

TEST_F(CloudMapTest, DnsServicesCheckTheirRecordsAndRefuseDeletionWhileInUse) {
  auto ns = private_namespace("corp.local");
  EXPECT_EQ(code_of("CreateService", {{"Name", "x"}, {"NamespaceId", "ns-nope"}}),
            "NamespaceNotFound");
  // CNAME alone and only WEIGHTED; no Route 53 health check in a private namespace.
  auto with_records = [&](json records, std::string policy = "MULTIVALUE") {
    return code_of("CreateService",
                   {{"Name", "x"},
                    {"NamespaceId", ns},
                    {"DnsConfig", {{"RoutingPolicy", policy}, {"DnsRecords", records}}}});
  };
  EXPECT_EQ(with_records({{{"Type", "CNAME"}, {"TTL", 5}}}), "InvalidInput");
  EXPECT_EQ(
      with_records({{{"Type", "CNAME"}, {"TTL", 5}}, {{"Type", "A"}, {"TTL", 5}}}, "WEIGHTED"),
      "InvalidInput");
  EXPECT_EQ(with_records({{{"Type", "A"}, {"TTL", 5}}, {{"Type", "A"}, {"TTL", 6}}}),
            "InvalidInput");
  EXPECT_EQ(
      code_of("CreateService",
              {{"Name", "x"}, {"NamespaceId", ns}, {"HealthCheckConfig", {{"Type", "HTTP"}}}}),
      "InvalidInput");
  EXPECT_EQ(code_of("CreateService", {{"Name", "x"},
                                      {"NamespaceId", ns},
                                      {"HealthCheckConfig", {{"Type", "HTTP"}}},
                                      {"HealthCheckCustomConfig", json::object()}}),
            "InvalidInput");

  auto id = dns_service(ns, "web", true);
  auto got = call("GetService", {{"Id", id}})["Service"];
  EXPECT_EQ(got["Type"], "DNS_HTTP");
  EXPECT_EQ(got["DnsConfig"]["RoutingPolicy"], "MULTIVALUE");
  EXPECT_EQ(got["DnsConfig"]["DnsRecords"][1], (json{{"Type", "SRV"}, {"TTL", 10}}));
  EXPECT_EQ(got["HealthCheckCustomConfig"], json::object());
  EXPECT_EQ(code_of("CreateService",
                    {{"Name", "web"}, {"NamespaceId", ns}, {"HealthCheckCustomConfig", {}}}),
            "ServiceAlreadyExists");

  // TTLs change; record types do not.
  json records = json::array();
  records.push_back({{"Type", "A"}, {"TTL", 60}});
  records.push_back({{"Type", "SRV"}, {"TTL", 60}});
  json change = json::object();
  change["DnsConfig"]["DnsRecords"] = records;
  call("UpdateService", {{"Id", id}, {"Service", change}});
  EXPECT_EQ(call("GetService", {{"Id", id}})["Service"]["DnsConfig"]["DnsRecords"][0]["TTL"], 60);
  EXPECT_EQ(
      code_of("UpdateService",
              {{"Id", id},
               {"Service", {{"DnsConfig", {{"DnsRecords", {{{"Type", "A"}, {"TTL", 1}}}}}}}}}),
      "InvalidInput");

  register_ip(id, "i-1", "10.0.0.5");
  EXPECT_EQ(failure_of("DeleteService", {{"Id", id}}), "ResourceInUse 400");
  call("DeregisterInstance", {{"ServiceId", id}, {"InstanceId", "i-1"}});
  call("DeleteService", {{"Id", id}});
  EXPECT_EQ(code_of("GetService", {{"Id", id}}), "ServiceNotFound");
}

TEST_F(CloudMapTest, HttpNamespacesTakeNoDnsConfigAndServicesListByNamespace) {
  auto a = http_namespace("a");
  auto b = http_namespace("b");
  EXPECT_EQ(
      code_of("CreateService", {{"Name", "x"},
                                {"NamespaceId", a},
                                {"DnsConfig", {{"DnsRecords", {{{"Type", "A"}, {"TTL", 5}}}}}}}),
      "InvalidInput");
  call("CreateService", {{"Name", "one"}, {"NamespaceId", a}});
  call("CreateService", {{"Name", "two"}, {"NamespaceId", b}});
  auto listed = call("ListServices",
                     {{"Filters", {{{"Name", "NAMESPACE_ID"}, {"Values", {b}}}}}})["Services"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["Name"], "two");
  EXPECT_EQ(listed[0]["Type"], "HTTP");
  EXPECT_EQ(call("ListServices", json::object())["Services"].size(), 2u);
}

}  // namespace
}  // namespace minecs::servicediscovery
