// ELBv2 through the dispatcher with the real models, as SDKs call it: chosen by the SigV4
// scope "elasticloadbalancing" or, unsigned, by Action and Version (DescribeTags is both EC2's
// and ELBv2's), replies in the Query protocol's XML that fit the model, ELBv2's errors, and the
// operations minecs does not implement answering UnsupportedOperation.
#include <gtest/gtest.h>

#include <memory>

#include "manual_clock.hpp"
#include "minecs/api/dispatcher.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/services/ec2.hpp"
#include "minecs/services/elbv2.hpp"
#include "minecs/store/database.hpp"

namespace minecs::elbv2 {
namespace {

std::string signed_for(std::string_view service) {
  return "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/" + std::string(service) +
         "/aws4_request, SignedHeaders=host, Signature=00";
}

class Elbv2DispatchTest : public ::testing::Test {
 protected:
  Elbv2DispatchTest() {
    std::vector<api::service_binding> services;
    api::service_binding ec2{model::api_model::ec2(), {}};
    ec2::register_handlers(ec2.handlers);
    api::service_binding elb{model::api_model::elbv2(), {}};
    register_handlers(elb.handlers);
    services.push_back(std::move(ec2));
    services.push_back(std::move(elb));
    dispatcher_ = std::make_unique<api::dispatcher>(
        api::dispatch_environment{db_, clock_, ids_, "us-east-1", "123456789012"},
        std::move(services));
  }

  api::dispatcher::outcome post(const std::string& body, const std::string& authorization =
                                                             signed_for("elasticloadbalancing")) {
    api::incoming_request req;
    req.authorization = authorization;
    req.content_type = "application/x-www-form-urlencoded";
    req.body = body;
    return dispatcher_->handle(req, "rid-1");
  }

  static void expect_contains(const api::dispatcher::outcome& out, std::string_view part) {
    EXPECT_NE(out.reply.body.find(part), std::string::npos)
        << "'" << part << "' not in " << out.reply.body;
  }
  // The text of the first <tag> element of the reply.
  static std::string element(const api::dispatcher::outcome& out, const std::string& tag) {
    auto open = out.reply.body.find("<" + tag + ">");
    auto close = out.reply.body.find("</" + tag + ">", open);
    if (open == std::string::npos || close == std::string::npos) {
      return {};
    }
    auto start = open + tag.size() + 2;
    return out.reply.body.substr(start, close - start);
  }

  store::database db_{":memory:"};
  manual_clock clock_;
  random_ids ids_{5};
  std::unique_ptr<api::dispatcher> dispatcher_;
};

constexpr const char* version = "&Version=2015-12-01";

TEST_F(Elbv2DispatchTest, ALoadBalancerThroughTheQueryProtocol) {
  auto lb = post(std::string("Action=CreateLoadBalancer") + version +
                 "&Name=web&Subnets.member.1=subnet-aaaa&Subnets.member.2=subnet-bbbb"
                 "&Tags.member.1.Key=env&Tags.member.1.Value=dev");
  ASSERT_EQ(lb.reply.status, 200u) << lb.reply.body;
  EXPECT_EQ(lb.operation, "CreateLoadBalancer");
  expect_contains(lb,
                  "<CreateLoadBalancerResponse xmlns=\"http://elasticloadbalancing."
                  "amazonaws.com/doc/2015-12-01/\"><CreateLoadBalancerResult>");
  expect_contains(lb, "<Code>provisioning</Code>");
  expect_contains(lb, ".eu-west-1.elb.amazonaws.com</DNSName>");
  expect_contains(lb, "<CanonicalHostedZoneId>Z32O12XQLNTSW2</CanonicalHostedZoneId>");
  auto arn = element(lb, "LoadBalancerArn");
  ASSERT_TRUE(
      arn.starts_with("arn:aws:elasticloadbalancing:eu-west-1:123456789012:"
                      "loadbalancer/app/web/"))
      << arn;
  auto vpc = element(lb, "VpcId");
  auto tg = post(std::string("Action=CreateTargetGroup") + version +
                 "&Name=web&Protocol=HTTP&Port=80&TargetType=ip&VpcId=" + vpc);
  ASSERT_EQ(tg.reply.status, 200u) << tg.reply.body;
  expect_contains(tg, "<HealthCheckPath>/</HealthCheckPath>");
  expect_contains(tg, "<Matcher><HttpCode>200</HttpCode></Matcher>");
  auto tg_arn = element(tg, "TargetGroupArn");
  auto listener = post(std::string("Action=CreateListener") + version + "&LoadBalancerArn=" + arn +
                       "&Protocol=HTTP&Port=80&DefaultActions.member.1.Type=forward"
                       "&DefaultActions.member.1.TargetGroupArn=" +
                       tg_arn);
  ASSERT_EQ(listener.reply.status, 200u) << listener.reply.body;
  expect_contains(listener, "<TargetGroups><member><TargetGroupArn>" + tg_arn);
  auto rule = post(std::string("Action=CreateRule") + version +
                   "&ListenerArn=" + element(listener, "ListenerArn") +
                   "&Priority=5&Conditions.member.1.Field=path-pattern"
                   "&Conditions.member.1.Values.member.1=%2Fapi%2F*"
                   "&Actions.member.1.Type=fixed-response"
                   "&Actions.member.1.FixedResponseConfig.StatusCode=503");
  ASSERT_EQ(rule.reply.status, 200u) << rule.reply.body;
  expect_contains(rule, "<PathPatternConfig><Values><member>/api/*</member></Values>");
  auto reg = post(std::string("Action=RegisterTargets") + version + "&TargetGroupArn=" + tg_arn +
                  "&Targets.member.1.Id=172.31.0.10&Targets.member.1.Port=8080");
  ASSERT_EQ(reg.reply.status, 200u) << reg.reply.body;
  auto health =
      post(std::string("Action=DescribeTargetHealth") + version + "&TargetGroupArn=" + tg_arn);
  ASSERT_EQ(health.reply.status, 200u) << health.reply.body;
  expect_contains(health, "<State>initial</State>");
  expect_contains(health, "<Reason>Elb.InitialHealthChecking</Reason>");
  auto attributes = post(std::string("Action=DescribeLoadBalancerAttributes") + version +
                         "&LoadBalancerArn=" + arn);
  expect_contains(attributes, "<Key>idle_timeout.timeout_seconds</Key><Value>60</Value>");
  auto described = post(std::string("Action=DescribeLoadBalancers") + version);
  expect_contains(described, "<Code>active</Code>");
  auto tags = post(std::string("Action=DescribeTags") + version + "&ResourceArns.member.1=" + arn);
  expect_contains(tags, "<Key>env</Key><Value>dev</Value>");
}

TEST_F(Elbv2DispatchTest, UnsignedRequestsAreToldApartByVersion) {
  auto elb = post(std::string("Action=DescribeLoadBalancers") + version, "");
  EXPECT_EQ(elb.reply.status, 200u) << elb.reply.body;
  expect_contains(elb, "<DescribeLoadBalancersResponse");
  auto tags = post(std::string("Action=DescribeTags") + version +
                       "&ResourceArns.member.1=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A"
                       "123456789012%3Atargetgroup%2Fx%2F0123456789abcdef",
                   "");
  EXPECT_EQ(tags.reply.error_type, "TargetGroupNotFound") << tags.reply.body;
  auto ec2_tags = post("Action=DescribeTags&Version=2016-11-15", "");
  EXPECT_EQ(ec2_tags.reply.status, 200u) << ec2_tags.reply.body;
  expect_contains(ec2_tags, "<DescribeTagsResponse xmlns=\"http://ec2.amazonaws.com/");
}

TEST_F(Elbv2DispatchTest, ErrorsAreElbv2s) {
  auto missing =
      post(std::string("Action=DescribeTargetGroups") + version + "&Names.member.1=nope");
  EXPECT_EQ(missing.reply.status, 400u);
  EXPECT_EQ(missing.reply.error_type, "TargetGroupNotFound");
  expect_contains(missing, "<ErrorResponse");
  auto invalid =
      post(std::string("Action=CreateTargetGroup") + version + "&Name=x&Protocol=SMTP&Port=25");
  EXPECT_EQ(invalid.reply.error_type, "ValidationError") << invalid.reply.body;
  auto page = post(std::string("Action=DescribeLoadBalancers") + version + "&PageSize=401");
  EXPECT_EQ(page.reply.error_type, "ValidationError") << page.reply.body;
  auto trust = post(std::string("Action=DescribeTrustStores") + version);
  EXPECT_EQ(trust.reply.status, 400u);
  EXPECT_EQ(trust.reply.error_type, "UnsupportedOperation");
  expect_contains(trust, "DescribeTrustStores");
}

TEST(Elbv2Registration, WhatIsImplemented) {
  api::handler_table table;
  register_handlers(table);
  auto model = model::api_model::elbv2();
  EXPECT_EQ(model->signing_name(), "elasticloadbalancing");
  EXPECT_EQ(model->api_version(), "2015-12-01");
  for (const auto& [name, _] : table.all()) {
    EXPECT_TRUE(model->has_operation(name)) << name;
  }
  EXPECT_EQ(table.all().size(), 35u);
  EXPECT_EQ(table.find("ModifyCapacityReservation"), nullptr);
  EXPECT_EQ(table.find("CreateTrustStore"), nullptr);
}

}  // namespace
}  // namespace minecs::elbv2
