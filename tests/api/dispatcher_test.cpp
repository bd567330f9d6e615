#include "minecs/api/dispatcher.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "manual_clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::api {
namespace {

constexpr std::string_view prefix = "AmazonEC2ContainerServiceV20141113";

std::string target(std::string_view operation) {
  return std::string(prefix) + "." + std::string(operation);
}

class DispatcherTest : public ::testing::Test {
 protected:
  // The api layer does not link the store; these handlers never touch the database, so the
  // context only has to carry a reference that nobody follows.
  alignas(std::max_align_t) unsigned char no_database_[sizeof(void*)]{};
  store::database& db_ = *reinterpret_cast<store::database*>(no_database_);
  manual_clock clock_;
  random_ids ids_{42};
  std::string last_region_;
  std::string last_request_id_;
  std::string last_account_;

  dispatcher make() {
    handler_table table;
    table.add("ListClusters", [this](request_context& ctx, const json& input) {
      last_region_ = ctx.scope.region;
      last_account_ = ctx.scope.account;
      last_request_id_ = ctx.request_id;
      return json{{"clusterArns", json::array()}, {"echo", input}};
    });
    table.add("DeleteCluster",
              [](request_context&, const json&) -> json { throw cluster_not_found(); });
    table.add("DescribeClusters", [](request_context&, const json&) -> json {
      throw std::runtime_error("database is on fire");
    });
    table.add("CreateCluster", [](request_context&, const json& input) -> json {
      // Reads a member as the wrong type, as a careless handler might.
      return json{{"n", input.at("clusterName").get<int>()}};
    });
    table.add("UpdateCluster", [](request_context&, const json&) -> json { throw 42; });
    table.add("ListTaskDefinitions", [](request_context&, const json&) -> json {
      throw service_error("ServerException", "temporarily unavailable", 503);
    });
    return dispatcher({db_, clock_, ids_, "us-east-1", "123456789012"},
                      {service_binding{model::api_model::ecs(), std::move(table)}});
  }

  struct reply {
    unsigned status;
    std::string error_type;
    json body;
    std::string operation;
  };

  reply call(std::string_view amz_target, std::string_view body,
             std::string_view authorization = {}) {
    auto d = make();
    auto out = d.handle({amz_target, authorization}, body, "rid-1");
    return {out.reply.status, out.reply.error_type, json::parse(out.reply.body), out.operation};
  }

  void expect_error(const reply& r, unsigned status, std::string_view code) {
    EXPECT_EQ(r.status, status) << r.body.dump();
    EXPECT_EQ(r.error_type, code) << r.body.dump();
    EXPECT_EQ(r.body.value("__type", ""), code) << r.body.dump();
    EXPECT_TRUE(r.body.contains("message")) << r.body.dump();
  }
};

TEST_F(DispatcherTest, CallsTheHandlerWithTheRequestContext) {
  auto r = call(target("ListClusters"), R"({"maxResults": 3})");
  EXPECT_EQ(r.status, 200u);
  EXPECT_TRUE(r.error_type.empty());
  EXPECT_EQ(r.body["echo"], (json{{"maxResults", 3}}));
  EXPECT_EQ(r.operation, "ListClusters");
  EXPECT_EQ(last_region_, "us-east-1");
  EXPECT_EQ(last_account_, "123456789012");
  EXPECT_EQ(last_request_id_, "rid-1");
}

TEST_F(DispatcherTest, RegionComesFromTheSignature) {
  call(target("ListClusters"), "{}",
       "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ecs/aws4_request, "
       "SignedHeaders=host, Signature=00");
  EXPECT_EQ(last_region_, "eu-west-1");
}

TEST_F(DispatcherTest, UnknownTarget) {
  for (std::string_view t : {std::string_view("Nope_20200101.ListClusters"),
                             std::string_view("AmazonEC2ContainerServiceV20141113.NoSuchThing"),
                             std::string_view("garbage"), std::string_view("")}) {
    auto r = call(t, "{}");
    expect_error(r, 400, "UnknownOperationException");
  }
}

TEST_F(DispatcherTest, ModelOperationWithoutHandlerIsUnsupported) {
  auto r = call(target("CreateCapacityProvider"),
                R"({"name": "cp", "autoScalingGroupProvider": {"autoScalingGroupArn": "a"}})");
  expect_error(r, 400, "UnsupportedFeatureException");
  EXPECT_NE(r.body["message"].get<std::string>().find("CreateCapacityProvider"), std::string::npos)
      << r.body.dump();
}

TEST_F(DispatcherTest, ValidationHappensBeforeTheHandler) {
  expect_error(call(target("ListClusters"), R"({"maxResults": "x"})"), 400,
               "SerializationException");
  expect_error(call(target("DeleteCluster"), "{}"), 400, "InvalidParameterException");
  expect_error(call(target("ListClusters"), "[1]"), 400, "SerializationException");
  expect_error(call(target("ListClusters"), "{oops"), 400, "SerializationException");
}

TEST_F(DispatcherTest, ServiceErrorKeepsItsCode) {
  auto r = call(target("DeleteCluster"), R"({"cluster": "x"})");
  expect_error(r, 400, "ClusterNotFoundException");
  EXPECT_EQ(r.body["message"], "Cluster not found.");
  expect_error(call(target("ListTaskDefinitions"), "{}"), 503, "ServerException");
}

TEST_F(DispatcherTest, AnyOtherExceptionIsAServerException) {
  auto r = call(target("DescribeClusters"), "{}");
  expect_error(r, 500, "ServerException");
  // The internal detail stays in the log; the client gets the request id to quote.
  auto message = r.body["message"].get<std::string>();
  EXPECT_EQ(message.find("on fire"), std::string::npos) << message;
  EXPECT_NE(message.find("rid-1"), std::string::npos) << message;
  expect_error(call(target("UpdateCluster"), R"({"cluster": "x"})"), 500, "ServerException");
}

TEST_F(DispatcherTest, JsonExceptionIsAClientException) {
  expect_error(call(target("CreateCluster"), R"({"clusterName": "x"})"), 400, "ClientException");
}

}  // namespace
}  // namespace minecs::api
