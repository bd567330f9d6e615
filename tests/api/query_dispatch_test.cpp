// Query and EC2 requests through the dispatcher: which service a request is for (SigV4 scope,
// else Action and Version), Action and Version errors, validation, handlers, and every outcome in
// its protocol's XML.
#include <gtest/gtest.h>

#include <stdexcept>

#include "manual_clock.hpp"
#include "minecs/api/dispatcher.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::api {
namespace {

std::string signed_for(std::string_view service, std::string_view region = "eu-west-1") {
  return "AWS4-HMAC-SHA256 Credential=AKID/20240101/" + std::string(region) + "/" +
         std::string(service) + "/aws4_request, SignedHeaders=host, Signature=00";
}

class QueryDispatchTest : public ::testing::Test {
 protected:
  // These handlers never touch the database (see dispatcher_test.cpp).
  alignas(std::max_align_t) unsigned char no_database_[sizeof(void*)]{};
  store::database& db_ = *reinterpret_cast<store::database*>(no_database_);
  manual_clock clock_;
  random_ids ids_{3};
  std::string last_region_;
  json last_input_;

  dispatcher make() {
    handler_table sts;
    sts.add("GetCallerIdentity", [this](request_context& ctx, const json& input) {
      last_region_ = ctx.scope.region;
      last_input_ = input;
      return json{{"Account", ctx.scope.account}, {"Arn", "arn"}, {"UserId", "<me>"}};
    });
    sts.add("AssumeRole", [](request_context&, const json&) -> json {
      throw service_error("MalformedPolicyDocument", "no such policy");
    });
    sts.add("GetSessionToken", [](request_context&, const json&) -> json {
      throw std::runtime_error("database is on fire");
    });
    sts.add("GetFederationToken", [](request_context&, const json&) -> json {
      return json{{"Credentials", "not a structure"}};
    });
    handler_table ecs;
    ecs.add("ListClusters", [](request_context&, const json&) {
      return json{{"clusterArns", json::array()}};
    });
    std::vector<service_binding> services;
    services.push_back({model::api_model::ecs(), std::move(ecs)});
    services.push_back({model::api_model::sts(), std::move(sts)});
    services.push_back({model::api_model::ec2(), {}});
    return dispatcher({db_, clock_, ids_, "us-east-1", "123456789012"}, std::move(services));
  }

  dispatcher::outcome post(std::string_view body, std::string_view authorization = {},
                           std::string_view content_type =
                               "application/x-www-form-urlencoded; "
                               "charset=utf-8") {
    incoming_request req;
    req.authorization = authorization;
    req.content_type = content_type;
    req.body = body;
    return make().handle(req, "rid-9");
  }

  static void expect_contains(const dispatcher::outcome& out, std::string_view part) {
    EXPECT_NE(out.reply.body.find(part), std::string::npos)
        << "'" << part << "' not in " << out.reply.body;
  }

  static void expect_query_error(const dispatcher::outcome& out, unsigned status,
                                 std::string_view code) {
    EXPECT_EQ(out.reply.status, status) << out.reply.body;
    EXPECT_EQ(out.reply.error_type, code) << out.reply.body;
    EXPECT_EQ(out.reply.content_type, "text/xml");
    expect_contains(out, "<ErrorResponse");
    expect_contains(out, "<Code>" + std::string(code) + "</Code>");
    expect_contains(out, "<RequestId>rid-9</RequestId>");
  }

  static void expect_ec2_error(const dispatcher::outcome& out, std::string_view code) {
    EXPECT_EQ(out.reply.status, 400u) << out.reply.body;
    EXPECT_EQ(out.reply.error_type, code) << out.reply.body;
    expect_contains(out, "<Response><Errors><Error><Code>" + std::string(code) + "</Code>");
    expect_contains(out, "<RequestID>rid-9</RequestID>");
  }
};

TEST_F(QueryDispatchTest, SignedForStsRunsTheHandler) {
  auto out = post("Action=GetCallerIdentity&Version=2011-06-15", signed_for("sts"));
  EXPECT_EQ(out.reply.status, 200u) << out.reply.body;
  EXPECT_EQ(out.operation, "GetCallerIdentity");
  EXPECT_EQ(out.reply.content_type, "text/xml");
  expect_contains(out, "<GetCallerIdentityResult><Account>123456789012</Account>");
  expect_contains(out, "<UserId>&lt;me&gt;</UserId>");
  expect_contains(out, "<RequestId>rid-9</RequestId>");
  EXPECT_EQ(last_region_, "eu-west-1");
  EXPECT_EQ(last_input_, json::object());
}

TEST_F(QueryDispatchTest, UnsignedRequestsGoByActionAndVersion) {
  auto out = post("Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(out.reply.status, 200u) << out.reply.body;
  EXPECT_EQ(last_region_, "us-east-1");
  expect_ec2_error(post("Action=DescribeVpcs&Version=2016-11-15"), "UnsupportedOperation");
  // A scope that names a service of another protocol (or none minecs has) does not decide.
  EXPECT_EQ(post("Action=GetCallerIdentity&Version=2011-06-15", signed_for("ecs")).reply.status,
            200u);
  EXPECT_EQ(post("Action=GetCallerIdentity&Version=2011-06-15", signed_for("iam")).reply.status,
            200u);
}

TEST_F(QueryDispatchTest, GetWithAQueryStringAndPresignedCredentials) {
  incoming_request req;
  req.method = "GET";
  req.query =
      "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKID%2F20240101%2Fap-south-1%2Fsts%2Faws4_request&X-Amz-Signature=00";
  auto out = make().handle(req, "rid-9");
  EXPECT_EQ(out.reply.status, 200u) << out.reply.body;
  EXPECT_EQ(last_region_, "ap-south-1");
  // A POST's query string counts as well.
  auto mixed = incoming_request{};
  mixed.query = "Action=GetCallerIdentity";
  mixed.body = "Version=2011-06-15";
  EXPECT_EQ(make().handle(mixed, "rid-9").reply.status, 200u);
}

TEST_F(QueryDispatchTest, TheModelOperationsWithoutHandlerAreUnsupported) {
  auto out = post("Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1", signed_for("ec2"));
  expect_ec2_error(out, "UnsupportedOperation");
  expect_contains(out, "EC2 DescribeVpcs");
  EXPECT_EQ(out.operation, "DescribeVpcs");
  expect_query_error(post("Action=GetAccessKeyInfo&Version=2011-06-15&AccessKeyId="
                          "AKIAIOSFODNN7EXAMPLE",
                          signed_for("sts")),
                     400, "UnsupportedOperation");
}

TEST_F(QueryDispatchTest, MissingOrUnknownAction) {
  expect_query_error(post("Version=2011-06-15", signed_for("sts")), 400, "MissingAction");
  expect_query_error(post(""), 400, "MissingAction");
  expect_ec2_error(post("Version=2016-11-15", signed_for("ec2")), "MissingAction");
  expect_query_error(post("Action=Nope&Version=2011-06-15", signed_for("sts")), 400,
                     "InvalidAction");
  expect_query_error(post("Action=Nope&Version=2011-06-15"), 400, "InvalidAction");
  expect_query_error(post("Action=Nope"), 400, "InvalidAction");
  auto ec2 = post("Action=GetCallerIdentity&Version=2016-11-15", signed_for("ec2"));
  expect_ec2_error(ec2, "InvalidAction");
  expect_contains(ec2, "GetCallerIdentity");
}

TEST_F(QueryDispatchTest, MissingOrWrongVersion) {
  auto none = post("Action=GetCallerIdentity", signed_for("sts"));
  expect_query_error(none, 400, "InvalidAction");
  expect_contains(none, "NO_VERSION_SPECIFIED");
  expect_query_error(post("Action=GetCallerIdentity&Version=2099-01-01", signed_for("sts")), 400,
                     "InvalidAction");
  expect_ec2_error(post("Action=DescribeVpcs", signed_for("ec2")), "MissingParameter");
  auto wrong = post("Action=DescribeVpcs&Version=2014-01-01", signed_for("ec2"));
  expect_ec2_error(wrong, "NoSuchVersion");
  expect_contains(wrong, "2014-01-01");
}

TEST_F(QueryDispatchTest, InputIsDecodedAndValidatedInTheProtocolsCodes) {
  expect_ec2_error(post("Action=DescribeVpcs&Version=2016-11-15&MaxResults=abc", signed_for("ec2")),
                   "InvalidParameterValue");
  expect_ec2_error(post("Action=DescribeVpcs&Version=2016-11-15&MaxResults=1", signed_for("ec2")),
                   "InvalidParameterValue");
  expect_ec2_error(post("Action=DescribeVpcs&Version=2016-11-15&Bogus=1", signed_for("ec2")),
                   "UnknownParameter");
  expect_ec2_error(post("Action=DeleteVpc&Version=2016-11-15", signed_for("ec2")),
                   "MissingParameter");
  expect_query_error(post("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1"
                          "23456789012%3Arole%2Fr",
                          signed_for("sts")),
                     400, "ValidationError");
  expect_query_error(
      post("Action=GetSessionToken&Version=2011-06-15&DurationSeconds=soon", signed_for("sts")),
      400, "ValidationError");
}

TEST_F(QueryDispatchTest, MalformedBodies) {
  for (std::string_view body :
       {std::string_view("Action=GetCallerIdentity&Version=%zz"), std::string_view("Action=%"),
        std::string_view("\xff=1"), std::string_view("Action=GetCallerIdentity&Action=X"),
        std::string_view("Action=GetCallerIdentity&Version=2011-06-15&Version=2011-06-15")}) {
    expect_query_error(post(body, signed_for("sts")), 404, "MalformedQueryString");
  }
}

TEST_F(QueryDispatchTest, HandlerErrorsAndBugs) {
  auto rule = post(
      "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr"
      "&RoleSessionName=sess",
      signed_for("sts"));
  expect_query_error(rule, 400, "MalformedPolicyDocument");
  expect_contains(rule, "<Type>Sender</Type>");
  auto fire = post("Action=GetSessionToken&Version=2011-06-15", signed_for("sts"));
  expect_query_error(fire, 500, "InternalFailure");
  expect_contains(fire, "<Type>Receiver</Type>");
  EXPECT_EQ(fire.reply.body.find("on fire"), std::string::npos);
  expect_query_error(
      post("Action=GetFederationToken&Version=2011-06-15&Name=bob", signed_for("sts")), 500,
      "InternalFailure");
}

TEST_F(QueryDispatchTest, JsonRequestsAreUnchanged) {
  incoming_request req;
  req.target = "AmazonEC2ContainerServiceV20141113.ListClusters";
  req.content_type = "application/x-www-form-urlencoded";
  req.body = "{}";
  auto out = make().handle(req, "rid-9");
  EXPECT_EQ(out.reply.status, 200u) << out.reply.body;
  EXPECT_EQ(out.reply.content_type, "application/x-amz-json-1.1");
  incoming_request missing;
  missing.body = "{}";
  missing.content_type = "application/x-amz-json-1.1";
  EXPECT_EQ(make().handle(missing, "rid-9").reply.error_type, "UnknownOperationException");
}

}  // namespace
}  // namespace minecs::api
