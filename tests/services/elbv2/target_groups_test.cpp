// CreateTargetGroup's defaults and checks, DescribeTargetGroups, ModifyTargetGroup and
// DeleteTargetGroup.
#include <gtest/gtest.h>

#include "elbv2_fixture.hpp"

namespace minecs::elbv2 {
namespace {

class TargetGroupsTest : public Elbv2Test {
 protected:
  TargetGroupsTest() { make_network(); }
};

TEST_F(TargetGroupsTest, AnHttpGroupHasAlbHealthCheckDefaults) {
  auto tg = create_tg("web");
  EXPECT_EQ(tg["TargetGroupName"], "web");
  EXPECT_TRUE(tg["TargetGroupArn"].get<std::string>().starts_with(
      "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/"));
  EXPECT_EQ(
      tg["TargetGroupArn"].get<std::string>().size(),
      std::string("arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/").size() +
          16);
  EXPECT_EQ(tg["Protocol"], "HTTP");
  EXPECT_EQ(tg["ProtocolVersion"], "HTTP1");
  EXPECT_EQ(tg["Port"], 80);
  EXPECT_EQ(tg["VpcId"], vpc_);
  EXPECT_EQ(tg["TargetType"], "instance");
  EXPECT_EQ(tg["HealthCheckProtocol"], "HTTP");
  EXPECT_EQ(tg["HealthCheckPort"], "traffic-port");
  EXPECT_EQ(tg["HealthCheckPath"], "/");
  EXPECT_EQ(tg["HealthCheckIntervalSeconds"], 30);
  EXPECT_EQ(tg["HealthCheckTimeoutSeconds"], 5);
  EXPECT_EQ(tg["HealthyThresholdCount"], 5);
  EXPECT_EQ(tg["UnhealthyThresholdCount"], 2);
  EXPECT_EQ(tg["Matcher"], (json{{"HttpCode", "200"}}));
  EXPECT_EQ(tg["LoadBalancerArns"], json::array());
}

TEST_F(TargetGroupsTest, AnEmptyProtocolVersionIsTheDefault) {
  // Terraform's aws_lb_target_group sends ProtocolVersion= when protocol_version is unset.
  EXPECT_EQ(create_tg("web", {{"ProtocolVersion", ""}})["ProtocolVersion"], "HTTP1");
  EXPECT_EQ(create_tg("grpc", {{"ProtocolVersion", "grpc"}})["ProtocolVersion"], "GRPC");
  EXPECT_FALSE(
      create_tg("tcp", {{"Protocol", "TCP"}, {"ProtocolVersion", ""}}).contains("ProtocolVersion"));
  EXPECT_EQ(code_of("CreateTargetGroup", {{"Name", "udp"},
                                          {"Protocol", "UDP"},
                                          {"Port", 80},
                                          {"VpcId", vpc_},
                                          {"ProtocolVersion", "HTTP2"}}),
            "ValidationError");
}

TEST_F(TargetGroupsTest, ANetworkGroupChecksOverTcpUnlessTold) {
  auto tcp = create_tg("tcp", {{"Protocol", "TCP"}, {"TargetType", "ip"}});
  EXPECT_EQ(tcp["HealthCheckProtocol"], "TCP");
  EXPECT_EQ(tcp["HealthCheckTimeoutSeconds"], 10);
  EXPECT_FALSE(tcp.contains("HealthCheckPath"));
  EXPECT_FALSE(tcp.contains("Matcher"));
  EXPECT_FALSE(tcp.contains("ProtocolVersion"));
  auto http_check = create_tg("tcp-http", {{"Protocol", "TCP"}, {"HealthCheckProtocol", "HTTP"}});
  EXPECT_EQ(http_check["HealthCheckTimeoutSeconds"], 6);
  EXPECT_EQ(http_check["HealthCheckPath"], "/");
  EXPECT_EQ(create_tg("udp", {{"Protocol", "UDP"}})["HealthCheckProtocol"], "TCP");
  EXPECT_EQ(create_tg("both", {{"Protocol", "TCP_UDP"}})["Protocol"], "TCP_UDP");
}

TEST_F(TargetGroupsTest, HealthCheckSettingsAreChecked) {
  json base = {{"Name", "x"}, {"Protocol", "HTTP"}, {"Port", 80}, {"VpcId", vpc_}};
  auto with = [&](json extra) {
    json input = base;
    input.update(extra);
    return error_of("CreateTargetGroup", input);
  };
  EXPECT_EQ(with({{"HealthCheckProtocol", "TCP"}}).first, "ValidationError");
  EXPECT_EQ(with({{"HealthCheckIntervalSeconds", 10}, {"HealthCheckTimeoutSeconds", 10}}).first,
            "ValidationError");
  EXPECT_EQ(with({{"HealthCheckPath", "health"}}).first, "ValidationError");
  EXPECT_EQ(with({{"HealthCheckPort", "http"}}).first, "ValidationError");
  EXPECT_EQ(with({{"Matcher", {{"HttpCode", "100"}}}}).first, "ValidationError");
  EXPECT_EQ(with({{"HealthCheckEnabled", false}}).first, "ValidationError");
  EXPECT_EQ(with({{"ProtocolVersion", "HTTP3"}}).first, "ValidationError");
  EXPECT_EQ(with({{"Matcher", {{"HttpCode", "200-299"}}}}).first, "");
  EXPECT_EQ(error_of("CreateTargetGroup", {{"Name", "y"},
                                           {"Protocol", "TCP"},
                                           {"Port", 80},
                                           {"VpcId", vpc_},
                                           {"HealthCheckPath", "/"}})
                .first,
            "ValidationError");
}

TEST_F(TargetGroupsTest, TheGroupNeedsAProtocolAPortAndAVpcThatExists) {
  EXPECT_EQ(code_of("CreateTargetGroup", {{"Name", "a"}, {"Port", 80}, {"VpcId", vpc_}}),
            "ValidationError");
  EXPECT_EQ(code_of("CreateTargetGroup", {{"Name", "a"}, {"Protocol", "HTTP"}, {"VpcId", vpc_}}),
            "ValidationError");
  auto missing = error_of(
      "CreateTargetGroup",
      {{"Name", "a"}, {"Protocol", "HTTP"}, {"Port", 80}, {"VpcId", "vpc-0123456789abcdef0"}});
  EXPECT_EQ(missing.first, "ValidationError");
  EXPECT_NE(missing.second.find("vpc-0123456789abcdef0"), std::string::npos);
  auto lambda = error_of("CreateTargetGroup", {{"Name", "fn"}, {"TargetType", "lambda"}});
  EXPECT_EQ(lambda.first, "ValidationError");
  EXPECT_NE(lambda.second.find("lambda"), std::string::npos);
  EXPECT_EQ(code_of("CreateTargetGroup",
                    {{"Name", "g"}, {"Protocol", "GENEVE"}, {"Port", 6081}, {"VpcId", vpc_}}),
            "ValidationError");
}

TEST_F(TargetGroupsTest, NamesFollowElbv2sRules) {
  EXPECT_EQ(code_of("CreateTargetGroup", {{"Name", "-web"}}), "ValidationError");
  EXPECT_EQ(code_of("CreateTargetGroup", {{"Name", "web_1"}}), "ValidationError");
  EXPECT_EQ(code_of("CreateTargetGroup", {{"Name", std::string(33, 'a')}}), "ValidationError");
  EXPECT_EQ(create_tg(std::string(32, 'a'))["TargetGroupName"], std::string(32, 'a'));
}

TEST_F(TargetGroupsTest, SameNameIsTheSameGroupOnlyWithTheSameSettings) {
  auto first = make_tg("web");
  EXPECT_EQ(make_tg("web"), first);
  auto other = error_of("CreateTargetGroup",
                        {{"Name", "web"}, {"Protocol", "HTTP"}, {"Port", 8080}, {"VpcId", vpc_}});
  EXPECT_EQ(other.first, "DuplicateTargetGroupName");
  EXPECT_EQ(call("DescribeTargetGroups", json::object())["TargetGroups"].size(), 1u);
}

TEST_F(TargetGroupsTest, DescribeByArnsNamesOrAll) {
  auto a = make_tg("a");
  auto b = make_tg("b");
  auto all = call("DescribeTargetGroups", json::object())["TargetGroups"];
  EXPECT_EQ(values(all, "TargetGroupArn"), (std::vector<std::string>{a, b}));
  auto by_name = call("DescribeTargetGroups", {{"Names", {"b"}}})["TargetGroups"];
  EXPECT_EQ(values(by_name, "TargetGroupArn"), (std::vector<std::string>{b}));
  auto by_arn = call("DescribeTargetGroups", {{"TargetGroupArns", {a}}})["TargetGroups"];
  EXPECT_EQ(values(by_arn, "TargetGroupName"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(code_of("DescribeTargetGroups", {{"Names", {"zzz"}}}), "TargetGroupNotFound");
  EXPECT_EQ(code_of("DescribeTargetGroups", {{"TargetGroupArns", {a + "0"}}}),
            "TargetGroupNotFound");
  EXPECT_EQ(code_of("DescribeTargetGroups", {{"TargetGroupArns", {"nope"}}}), "ValidationError");
  EXPECT_EQ(code_of("DescribeTargetGroups", {{"TargetGroupArns", {a}}, {"Names", {"a"}}}),
            "ValidationError");
}

TEST_F(TargetGroupsTest, PagesWithMarkers) {
  for (const char* name : {"g1", "g2", "g3"}) {
    make_tg(name);
  }
  auto first = call("DescribeTargetGroups", {{"PageSize", 2}});
  EXPECT_EQ(values(first["TargetGroups"], "TargetGroupName"),
            (std::vector<std::string>{"g1", "g2"}));
  ASSERT_TRUE(first.contains("NextMarker"));
  auto second = call("DescribeTargetGroups", {{"PageSize", 2}, {"Marker", first["NextMarker"]}});
  EXPECT_EQ(values(second["TargetGroups"], "TargetGroupName"), (std::vector<std::string>{"g3"}));
  EXPECT_FALSE(second.contains("NextMarker"));
  EXPECT_EQ(code_of("DescribeTargetGroups", {{"Marker", "garbage"}}), "ValidationError");
  // A marker serves only the listing that made it.
  EXPECT_EQ(code_of("DescribeLoadBalancers", {{"Marker", first["NextMarker"]}}), "ValidationError");
}

TEST_F(TargetGroupsTest, ModifyChangesTheHealthCheck) {
  auto arn = make_tg("web");
  auto tg = call("ModifyTargetGroup", {{"TargetGroupArn", arn},
                                       {"HealthCheckPath", "/health"},
                                       {"HealthCheckIntervalSeconds", 10},
                                       {"HealthCheckTimeoutSeconds", 3},
                                       {"HealthyThresholdCount", 2},
                                       {"Matcher", {{"HttpCode", "200,204"}}}})["TargetGroups"][0];
  EXPECT_EQ(tg["HealthCheckPath"], "/health");
  EXPECT_EQ(tg["HealthCheckIntervalSeconds"], 10);
  EXPECT_EQ(tg["HealthCheckTimeoutSeconds"], 3);
  EXPECT_EQ(tg["HealthyThresholdCount"], 2);
  EXPECT_EQ(tg["Matcher"]["HttpCode"], "200,204");
  auto again = call("DescribeTargetGroups", {{"TargetGroupArns", {arn}}})["TargetGroups"][0];
  EXPECT_EQ(again, tg);
  EXPECT_EQ(
      code_of("ModifyTargetGroup", {{"TargetGroupArn", arn}, {"HealthCheckTimeoutSeconds", 20}}),
      "ValidationError");
  EXPECT_EQ(code_of("ModifyTargetGroup", {{"TargetGroupArn", arn + "0"}}), "TargetGroupNotFound");
  auto nlb = make_tg("tcp", {{"Protocol", "TCP"}});
  auto switched = call("ModifyTargetGroup", {{"TargetGroupArn", nlb},
                                             {"HealthCheckProtocol", "HTTP"}})["TargetGroups"][0];
  EXPECT_EQ(switched["HealthCheckPath"], "/");
  EXPECT_EQ(switched["Matcher"]["HttpCode"], "200");
}

TEST_F(TargetGroupsTest, DeleteRemovesTheGroupAndItsTags) {
  auto arn = make_tg("web", {{"Tags", {{{"Key", "team"}, {"Value", "a"}}}}});
  EXPECT_EQ(call("DescribeTags", {{"ResourceArns", {arn}}})["TagDescriptions"][0]["Tags"].size(),
            1u);
  call("DeleteTargetGroup", {{"TargetGroupArn", arn}});
  EXPECT_EQ(code_of("DescribeTargetGroups", {{"TargetGroupArns", {arn}}}), "TargetGroupNotFound");
  // Gone already: still no error, as ELBv2 answers.
  EXPECT_EQ(code_of("DeleteTargetGroup", {{"TargetGroupArn", arn}}), "");
  EXPECT_EQ(code_of("DeleteTargetGroup", {{"TargetGroupArn", "web"}}), "ValidationError");
  // The name is free again, for other settings too.
  EXPECT_NE(make_tg("web", {{"Port", 81}}), arn);
}

TEST_F(TargetGroupsTest, AttributesHaveDefaultsAndChecks) {
  auto arn = make_tg("web");
  auto attributes = attribute_map_of(
      call("DescribeTargetGroupAttributes", {{"TargetGroupArn", arn}})["Attributes"]);
  EXPECT_EQ(attributes["deregistration_delay.timeout_seconds"], "300");
  EXPECT_EQ(attributes["stickiness.enabled"], "false");
  EXPECT_EQ(attributes["stickiness.type"], "lb_cookie");
  EXPECT_EQ(attributes["stickiness.lb_cookie.duration_seconds"], "86400");
  EXPECT_EQ(attributes["slow_start.duration_seconds"], "0");
  EXPECT_EQ(attributes["load_balancing.algorithm.type"], "round_robin");
  auto set = [&](const std::string& key, const std::string& value) {
    return error_of("ModifyTargetGroupAttributes",
                    {{"TargetGroupArn", arn}, {"Attributes", {{{"Key", key}, {"Value", value}}}}})
        .first;
  };
  EXPECT_EQ(set("deregistration_delay.timeout_seconds", "30"), "");
  EXPECT_EQ(set("deregistration_delay.timeout_seconds", "3601"), "ValidationError");
  EXPECT_EQ(set("slow_start.duration_seconds", "10"), "ValidationError");
  EXPECT_EQ(set("slow_start.duration_seconds", "60"), "");
  EXPECT_EQ(set("stickiness.type", "source_ip"), "ValidationError");
  EXPECT_EQ(set("stickiness.enabled", "yes"), "ValidationError");
  EXPECT_EQ(set("no.such.key", "1"), "ValidationError");
  attributes = attribute_map_of(
      call("DescribeTargetGroupAttributes", {{"TargetGroupArn", arn}})["Attributes"]);
  EXPECT_EQ(attributes["deregistration_delay.timeout_seconds"], "30");
  EXPECT_EQ(attributes["slow_start.duration_seconds"], "60");
  auto tcp = make_tg("tcp", {{"Protocol", "TCP"}, {"TargetType", "ip"}});
  auto nlb = attribute_map_of(
      call("DescribeTargetGroupAttributes", {{"TargetGroupArn", tcp}})["Attributes"]);
  EXPECT_EQ(nlb["stickiness.type"], "source_ip");
  EXPECT_EQ(nlb["preserve_client_ip.enabled"], "false");
  EXPECT_EQ(nlb["proxy_protocol_v2.enabled"], "false");
  EXPECT_FALSE(nlb.contains("slow_start.duration_seconds"));
}

}  // namespace
}  // namespace minecs::elbv2
