#include <gmock/gmock.h>

#include "cloudmap_fixture.hpp"

namespace minecs::servicediscovery {
namespace {

TEST_F(CloudMapTest, OperationsGoFromSubmittedThroughPendingToSuccess) {
  auto op = call("CreateHttpNamespace", {{"Name", "apps"}, {"CreatorRequestId", "r1"}});
  auto id = op["OperationId"].get<std::string>();
  EXPECT_THAT(id, ::testing::MatchesRegex("[a-z2-7]{32}-[a-z2-7]{8}"));
  auto status = [&] {
    return call("GetOperation", {{"OperationId", id}})["Operation"]["Status"].get<std::string>();
  };
  EXPECT_EQ(status(), "SUBMITTED");
  clock_.advance(0.3);
  EXPECT_EQ(status(), "PENDING");
  clock_.advance(0.2);
  EXPECT_EQ(status(), "SUCCESS");
  auto got = call("GetOperation", {{"OperationId", id}})["Operation"];
  EXPECT_EQ(got["Type"], "CREATE_NAMESPACE");
  EXPECT_THAT(got["Targets"]["NAMESPACE"].get<std::string>(),
              ::testing::MatchesRegex("ns-[a-z2-7]{16}"));
  // A retry with the same CreatorRequestId answers the same operation.
  EXPECT_EQ(call("CreateHttpNamespace", {{"Name", "apps"}, {"CreatorRequestId", "r1"}}), op);
  EXPECT_EQ(code_of("CreateHttpNamespace", {{"Name", "apps"}}), "NamespaceAlreadyExists");
  EXPECT_EQ(code_of("GetOperation", {{"OperationId", "nope"}}), "OperationNotFound");
}

TEST_F(CloudMapTest, PrivateNamespacesNeedAVpcThatExistsAndReportTheirZone) {
  EXPECT_EQ(failure_of("CreatePrivateDnsNamespace", {{"Name", "svc.local"}, {"Vpc", "vpc-404"}}),
            "InvalidInput 400");
  // The made-up VPC is taken as given when unknown network ids are adopted.
  api::request_context ctx{db_, clock_, ids_, scope_, "req-2"};
  EXPECT_NO_THROW((*lenient_table_.find("CreatePrivateDnsNamespace"))(
      ctx, {{"Name", "svc.local"}, {"Vpc", "vpc-404"}}));
  auto ns = private_namespace("corp.local");
  auto got = call("GetNamespace", {{"Id", ns}})["Namespace"];
  EXPECT_EQ(got["Type"], "DNS_PRIVATE");
  EXPECT_EQ(got["ServiceCount"], 0);
  EXPECT_THAT(got["Properties"]["DnsProperties"]["HostedZoneId"].get<std::string>(),
              ::testing::StartsWith("Z"));
  EXPECT_EQ(got["Properties"]["DnsProperties"]["SOA"]["TTL"], 15);
  EXPECT_EQ(got["Properties"]["HttpProperties"]["HttpName"], "corp.local");
  EXPECT_EQ(got["Arn"], "arn:aws:servicediscovery:us-east-1:000000000000:namespace/" + ns);
  // By ARN as well as by id.
  EXPECT_EQ(call("GetNamespace", {{"Id", got["Arn"]}})["Namespace"]["Id"], ns);
  // A namespace inside another one of the same VPC: Route 53 refuses the zone, the operation
  // fails.
  auto op = call("CreatePrivateDnsNamespace", {{"Name", "a.corp.local"}, {"Vpc", "vpc-1"}});
  clock_.advance(1);
  auto failed = call("GetOperation", {{"OperationId", op["OperationId"]}})["Operation"];
  EXPECT_EQ(failed["Status"], "FAIL");
  EXPECT_EQ(failed["ErrorCode"], "CANNOT_CREATE_HOSTED_ZONE");
}

TEST_F(CloudMapTest, ListFiltersPagesUpdatesAndDeletes) {
  auto a = http_namespace("alpha");
  http_namespace("beta");
  call("CreatePublicDnsNamespace", {{"Name", "example.com"}});
  auto names = [](const json& list) {
    std::vector<std::string> out;
    for (const auto& n : list["Namespaces"]) {
      out.push_back(n["Name"]);
    }
    return out;
  };
  EXPECT_THAT(names(call("ListNamespaces", json::object())),
              ::testing::ElementsAre("alpha", "beta", "example.com"));
  EXPECT_THAT(names(call("ListNamespaces",
                         {{"Filters", {{{"Name", "TYPE"}, {"Values", {"DNS_PUBLIC"}}}}}})),
              ::testing::ElementsAre("example.com"));
  EXPECT_THAT(
      names(call(
          "ListNamespaces",
          {{"Filters", {{{"Name", "NAME"}, {"Values", {"b"}}, {"Condition", "BEGINS_WITH"}}}}})),
      ::testing::ElementsAre("beta"));
  auto page = call("ListNamespaces", {{"MaxResults", 2}});
  EXPECT_EQ(page["Namespaces"].size(), 2u);
  auto rest = call("ListNamespaces", {{"MaxResults", 2}, {"NextToken", page["NextToken"]}});
  EXPECT_THAT(names(rest), ::testing::ElementsAre("example.com"));
  EXPECT_EQ(code_of("ListNamespaces", {{"NextToken", "garbage"}}), "InvalidInput");

  call("UpdateHttpNamespace", {{"Id", a}, {"Namespace", {{"Description", "new"}}}});
  EXPECT_EQ(call("GetNamespace", {{"Id", a}})["Namespace"]["Description"], "new");
  EXPECT_EQ(code_of("UpdatePublicDnsNamespace", {{"Id", a}, {"Namespace", {{"Description", "x"}}}}),
            "InvalidInput");

  call("CreateService", {{"Name", "web"}, {"NamespaceId", a}});
  EXPECT_EQ(call("GetNamespace", {{"Id", a}})["Namespace"]["ServiceCount"], 1);
  EXPECT_EQ(failure_of("DeleteNamespace", {{"Id", a}}), "ResourceInUse 400");
  EXPECT_EQ(code_of("GetNamespace", {{"Id", "ns-aaaaaaaaaaaaaaaa"}}), "NamespaceNotFound");
}

TEST_F(CloudMapTest, TagsByArn) {
  auto op = call("CreateHttpNamespace",
                 {{"Name", "tagged"}, {"Tags", {{{"Key", "team"}, {"Value", "a"}}}}});
  auto ns = target_of(op["OperationId"], "NAMESPACE");
  auto arn = call("GetNamespace", {{"Id", ns}})["Namespace"]["Arn"];
  call("TagResource", {{"ResourceARN", arn}, {"Tags", {{{"Key", "env"}, {"Value", "dev"}}}}});
  call("UntagResource", {{"ResourceARN", arn}, {"TagKeys", {"team"}}});
  EXPECT_EQ(call("ListTagsForResource", {{"ResourceARN", arn}})["Tags"],
            (json{{{"Key", "env"}, {"Value", "dev"}}}));
  EXPECT_EQ(
      code_of("ListTagsForResource",
              {{"ResourceARN", "arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-x"}}),
      "ResourceNotFoundException");
}

}  // namespace
}  // namespace minecs::servicediscovery
