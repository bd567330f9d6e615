#include "minecs/api/router.hpp"

#include <gtest/gtest.h>

#include "manual_clock.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/metrics.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::api {
namespace {

std::string header(const server::http_response& res, std::string_view name) {
  for (const auto& [key, value] : res.headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

// The AWS endpoint's side of HTTP: request ids, AWS error bodies and headers, the extra paths.
class RouterTest : public ::testing::Test {
 protected:
  // These handlers never touch the database (see dispatcher_test.cpp).
  alignas(std::max_align_t) unsigned char no_database_[sizeof(void*)]{};
  store::database& db_ = *reinterpret_cast<store::database*>(no_database_);
  manual_clock clock_;
  random_ids ids_{7};
  int resets_ = 0;

  dispatcher make_dispatcher() {
    handler_table table;
    table.add("ListClusters", [](request_context&, const json&) {
      return json{{"clusterArns", json::array()}};
    });
    table.add("DeleteCluster",
              [](request_context&, const json&) -> json { throw cluster_not_found(); });
    return dispatcher({db_, clock_, ids_, "us-east-1", "123456789012"},
                      {service_binding{model::api_model::ecs(), std::move(table)}});
  }

  health_report health_;
  server::http_response call(const dispatcher& d, std::string method, std::string target,
                             std::string amz_target = {}, std::string body = "{}") {
    router_hooks hooks;
    hooks.reset = [this] { ++resets_; };
    hooks.health = [this] { return health_; };
    hooks.metrics = [](std::string& out) { out += "# gauges here\n"; };
    hooks.pages = [](const server::http_request& r) -> std::optional<server::http_response> {
      if (r.target != "/page") {
        return std::nullopt;
      }
      return server::http_response{200, "<p>page</p>", "text/html", {}};
    };
    auto route = make_router(d, hooks);
    server::http_request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    if (!amz_target.empty()) {
      req.headers.emplace_back("x-amz-target", std::move(amz_target));
    }
    return route(req);
  }
};

TEST_F(RouterTest, AnOperationGetsARequestIdAndTheProtocolsContentType) {
  auto d = make_dispatcher();
  auto res = call(d, "POST", "/", "AmazonEC2ContainerServiceV20141113.ListClusters");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(header(res, "x-amzn-RequestId").size(), 36u);
  EXPECT_TRUE(header(res, "X-Amzn-ErrorType").empty());
  EXPECT_EQ(json::parse(res.body), (json{{"clusterArns", json::array()}}));
}

TEST_F(RouterTest, AServiceErrorCarriesItsTypeHeader) {
  auto d = make_dispatcher();
  auto res = call(d, "POST", "/", "AmazonEC2ContainerServiceV20141113.DeleteCluster",
                  R"({"cluster": "gone"})");
  EXPECT_EQ(res.status, 400u);
  EXPECT_EQ(header(res, "X-Amzn-ErrorType"), "ClusterNotFoundException");
  EXPECT_EQ(json::parse(res.body).at("__type"), "ClusterNotFoundException");
}

TEST_F(RouterTest, RequestIdsDiffer) {
  auto d = make_dispatcher();
  auto a = call(d, "GET", "/health");
  auto b = call(d, "GET", "/health");
  EXPECT_EQ(a.status, 200u);
  EXPECT_NE(header(a, "x-amzn-RequestId"), header(b, "x-amzn-RequestId"));
}

TEST_F(RouterTest, UnknownPathIsAnAwsError) {
  auto d = make_dispatcher();
  auto res = call(d, "GET", "/nope?x=1");
  EXPECT_EQ(res.status, 404u);
  EXPECT_EQ(header(res, "X-Amzn-ErrorType"), "UnknownOperationException");
  EXPECT_EQ(json::parse(res.body).at("message"), "No such path GET /nope.");
}

TEST_F(RouterTest, ResetCallsTheHook) {
  auto d = make_dispatcher();
  EXPECT_EQ(call(d, "POST", "/_minecs/reset").status, 200u);
  EXPECT_EQ(call(d, "POST", "/moto-api/reset").status, 200u);
  EXPECT_EQ(resets_, 2);
}

TEST_F(RouterTest, HealthSaysWhetherDockerIsReachable) {
  auto d = make_dispatcher();
  auto ok = call(d, "GET", "/health");
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(json::parse(ok.body), (json{{"status", "ok"}, {"docker", "reachable"}}));
  health_ = {false, "unreachable", "connection refused"};
  auto down = call(d, "GET", "/health");
  EXPECT_EQ(down.status, 503u);
  EXPECT_EQ(json::parse(down.body), (json{{"status", "unavailable"},
                                          {"docker", "unreachable"},
                                          {"reason", "connection refused"}}));
}

TEST_F(RouterTest, MetricsCountRequestsByServiceOperationAndStatus) {
  auto d = make_dispatcher();
  auto& requests = metrics::process().api_requests;
  auto before_ok = requests.value({"ecs", "ListClusters", "200"});
  auto before_error = requests.value({"ecs", "DeleteCluster", "400"});
  auto before_unknown = requests.value({"minecs", "unknown", "404"});
  auto before_bad_target = requests.value({"unknown", "unknown", "400"});
  call(d, "POST", "/", "AmazonEC2ContainerServiceV20141113.ListClusters");
  call(d, "POST", "/", "AmazonEC2ContainerServiceV20141113.DeleteCluster", R"({"cluster": "x"})");
  call(d, "GET", "/no/such/path");
  call(d, "POST", "/", "AmazonEC2ContainerServiceV20141113.MadeUpOperation");
  EXPECT_EQ(requests.value({"ecs", "ListClusters", "200"}), before_ok + 1);
  EXPECT_EQ(requests.value({"ecs", "DeleteCluster", "400"}), before_error + 1);
  EXPECT_EQ(requests.value({"minecs", "unknown", "404"}), before_unknown + 1);
  EXPECT_EQ(requests.value({"unknown", "unknown", "400"}), before_bad_target + 1);

  auto res = call(d, "GET", "/metrics");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(res.body.find("minecs_api_requests_total{service=\"ecs\",operation=\"ListClusters\","
                          "status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(res.body.find("minecs_api_request_duration_seconds_bucket{service=\"ecs\","
                          "operation=\"ListClusters\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(res.body.find("# gauges here\n"), std::string::npos);
}

// The dashboard's pages: a GET that no other route takes, when the hook claims its path.
TEST_F(RouterTest, PagesServeTheGetsTheyClaim) {
  auto d = make_dispatcher();
  auto page = call(d, "GET", "/page");
  EXPECT_EQ(page.status, 200u);
  EXPECT_EQ(page.body, "<p>page</p>");
  EXPECT_EQ(header(page, "x-amzn-RequestId").size(), 36u);
  EXPECT_EQ(call(d, "POST", "/page").status, 404u);
  EXPECT_EQ(call(d, "GET", "/other").status, 404u);
  // Health and the API keep their routes.
  EXPECT_EQ(call(d, "GET", "/health").status, 200u);
  EXPECT_EQ(call(d, "POST", "/", "AmazonEC2ContainerServiceV20141113.ListClusters").status, 200u);
}

TEST_F(RouterTest, TransportFailuresAreAwsErrors) {
  auto reply = aws_failure_reply();
  struct expected {
    server::transport_failure failure;
    unsigned status;
    const char* type;
    const char* message;
  };
  for (const auto& e : {
           expected{server::transport_failure::too_large, 413, "RequestEntityTooLargeException",
                    "too big"},
           expected{server::transport_failure::malformed, 400, "SerializationException", "too big"},
           // A handler's exception text never reaches the client.
           expected{server::transport_failure::handler_threw, 500, "ServerException",
                    "Internal error"},
       }) {
    auto res = reply(e.failure, "too big");
    EXPECT_EQ(res.status, e.status);
    EXPECT_EQ(res.content_type, "application/x-amz-json-1.1");
    EXPECT_EQ(header(res, "X-Amzn-ErrorType"), e.type);
    EXPECT_EQ(header(res, "x-amzn-RequestId").size(), 36u);
    auto body = json::parse(res.body);
    EXPECT_EQ(body.at("__type"), e.type);
    EXPECT_EQ(body.at("message"), e.message);
  }
}

}  // namespace
}  // namespace minecs::api
