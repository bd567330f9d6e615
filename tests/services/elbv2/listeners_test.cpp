// CreateListener and its actions, DescribeListeners, ModifyListener, DeleteListener, and what a
// listener does to its target groups (in use, one load balancer each).
#include <gtest/gtest.h>

#include "elbv2_fixture.hpp"

namespace minecs::elbv2 {
namespace {

class ListenersTest : public Elbv2Test {
 protected:
  ListenersTest() {
    make_network();
    lb_ = make_lb("web");
    tg_ = make_tg("web");
  }
  std::string lb_;
  std::string tg_;
};

TEST_F(ListenersTest, AForwardListenerAsElbv2DescribesIt) {
  auto listener = call("CreateListener", {{"LoadBalancerArn", lb_},
                                          {"Protocol", "HTTP"},
                                          {"Port", 80},
                                          {"DefaultActions", forward_to(tg_)}})["Listeners"][0];
  auto arn = listener["ListenerArn"].get<std::string>();
  auto lb_path = lb_.substr(lb_.find(":loadbalancer/") + 14);
  EXPECT_TRUE(arn.starts_with("arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/" +
                              lb_path + "/"))
      << arn;
  EXPECT_EQ(listener["LoadBalancerArn"], lb_);
  EXPECT_EQ(listener["Port"], 80);
  EXPECT_EQ(listener["Protocol"], "HTTP");
  auto action = listener["DefaultActions"][0];
  EXPECT_EQ(action["Type"], "forward");
  EXPECT_EQ(action["TargetGroupArn"], tg_);
  EXPECT_EQ(action["ForwardConfig"]["TargetGroups"],
            json::array({{{"TargetGroupArn", tg_}, {"Weight", 1}}}));
  EXPECT_EQ(action["ForwardConfig"]["TargetGroupStickinessConfig"]["Enabled"], false);
  EXPECT_EQ(call("DescribeListeners", {{"LoadBalancerArn", lb_}})["Listeners"],
            json::array({listener}));
  EXPECT_EQ(call("DescribeListeners", {{"ListenerArns", {arn}}})["Listeners"],
            json::array({listener}));
  auto tg = call("DescribeTargetGroups", {{"TargetGroupArns", {tg_}}})["TargetGroups"][0];
  EXPECT_EQ(tg["LoadBalancerArns"], json::array({lb_}));
  auto of_lb = call("DescribeTargetGroups", {{"LoadBalancerArn", lb_}})["TargetGroups"];
  EXPECT_EQ(values(of_lb, "TargetGroupArn"), (std::vector<std::string>{tg_}));
}

TEST_F(ListenersTest, WeightedFixedResponseAndRedirectActions) {
  auto other = make_tg("other");
  auto weighted = call("CreateListener",
                       {{"LoadBalancerArn", lb_},
                        {"Protocol", "HTTP"},
                        {"Port", 80},
                        {"DefaultActions",
                         {{{"Type", "forward"},
                           {"ForwardConfig",
                            {{"TargetGroups",
                              {{{"TargetGroupArn", tg_}, {"Weight", 3}},
                               {{"TargetGroupArn", other}, {"Weight", 1}}}}}}}}}})["Listeners"][0];
  auto action = weighted["DefaultActions"][0];
  EXPECT_FALSE(action.contains("TargetGroupArn"));
  EXPECT_EQ(action["ForwardConfig"]["TargetGroups"][0]["Weight"], 3);
  auto fixed = call("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTP"},
                                       {"Port", 81},
                                       {"DefaultActions",
                                        {{{"Type", "fixed-response"},
                                          {"FixedResponseConfig",
                                           {{"StatusCode", "404"},
                                            {"ContentType", "text/plain"},
                                            {"MessageBody", "nothing here"}}}}}}})["Listeners"][0];
  EXPECT_EQ(
      fixed["DefaultActions"][0]["FixedResponseConfig"],
      (json{
          {"StatusCode", "404"}, {"ContentType", "text/plain"}, {"MessageBody", "nothing here"}}));
  auto redirect = call("CreateListener", {{"LoadBalancerArn", lb_},
                                          {"Protocol", "HTTP"},
                                          {"Port", 82},
                                          {"DefaultActions",
                                           {{{"Type", "redirect"},
                                             {"RedirectConfig",
                                              {{"Protocol", "HTTPS"},
                                               {"Port", "443"},
                                               {"StatusCode", "HTTP_301"}}}}}}})["Listeners"][0];
  EXPECT_EQ(redirect["DefaultActions"][0]["RedirectConfig"], (json{{"Protocol", "HTTPS"},
                                                                   {"Port", "443"},
                                                                   {"Host", "#{host}"},
                                                                   {"Path", "/#{path}"},
                                                                   {"Query", "#{query}"},
                                                                   {"StatusCode", "HTTP_301"}}));
  EXPECT_EQ(code_of("CreateListener",
                    {{"LoadBalancerArn", lb_},
                     {"Protocol", "HTTP"},
                     {"Port", 83},
                     {"DefaultActions",
                      {{{"Type", "redirect"}, {"RedirectConfig", {{"StatusCode", "HTTP_302"}}}}}}}),
            "ValidationError");
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTP"},
                                       {"Port", 84},
                                       {"DefaultActions", {{{"Type", "authenticate-oidc"}}}}}),
            "InvalidLoadBalancerAction");
}

TEST_F(ListenersTest, ProtocolsPortsAndCertificates) {
  auto first = make_listener(lb_, tg_, 80);
  // The same listener again is the one made, as ELBv2's CreateListener is idempotent.
  EXPECT_EQ(make_listener(lb_, tg_, 80), first);
  EXPECT_EQ(call("DescribeListeners", {{"LoadBalancerArn", lb_}})["Listeners"].size(), 1u);
  EXPECT_EQ(
      code_of("CreateListener",
              {{"LoadBalancerArn", lb_},
               {"Protocol", "HTTP"},
               {"Port", 80},
               {"DefaultActions",
                {{{"Type", "fixed-response"}, {"FixedResponseConfig", {{"StatusCode", "200"}}}}}}}),
      "DuplicateListener");
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "TCP"},
                                       {"Port", 81},
                                       {"DefaultActions", forward_to(tg_)}}),
            "UnsupportedProtocol");
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTPS"},
                                       {"Port", 443},
                                       {"DefaultActions", forward_to(tg_)}}),
            "ValidationError");
  auto cert = "arn:aws:acm:us-east-1:000000000000:certificate/1234";
  auto https = call("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTPS"},
                                       {"Port", 443},
                                       {"Certificates", {{{"CertificateArn", cert}}}},
                                       {"DefaultActions", forward_to(tg_)}})["Listeners"][0];
  EXPECT_EQ(https["Certificates"], json::array({{{"CertificateArn", cert}}}));
  EXPECT_EQ(https["SslPolicy"], "ELBSecurityPolicy-2016-08");
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", lb_ + "0"},
                                       {"Protocol", "HTTP"},
                                       {"Port", 8080},
                                       {"DefaultActions", forward_to(tg_)}}),
            "LoadBalancerNotFound");
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTP"},
                                       {"Port", 8080},
                                       {"DefaultActions", forward_to(tg_ + "0")}}),
            "TargetGroupNotFound");
}

TEST_F(ListenersTest, TargetGroupsMustFitTheListener) {
  auto tcp = make_tg("tcp", {{"Protocol", "TCP"}});
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTP"},
                                       {"Port", 80},
                                       {"DefaultActions", forward_to(tcp)}}),
            "IncompatibleProtocols");
  auto nlb = make_lb("net", {{"Type", "network"}});
  make_listener(nlb, tcp, 80, "TCP");
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", nlb},
                                       {"Protocol", "UDP"},
                                       {"Port", 53},
                                       {"DefaultActions", forward_to(tcp)}}),
            "IncompatibleProtocols");
  make_listener(lb_, tg_);
  auto other_lb = make_lb("other");
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", other_lb},
                                       {"Protocol", "HTTP"},
                                       {"Port", 80},
                                       {"DefaultActions", forward_to(tg_)}}),
            "TargetGroupAssociationLimit");
  // A second listener of the same balancer may share the group.
  EXPECT_EQ(code_of("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTP"},
                                       {"Port", 8080},
                                       {"DefaultActions", forward_to(tg_)}}),
            "");
}

TEST_F(ListenersTest, AGroupInUseCannotBeDeleted) {
  auto listener = make_listener(lb_, tg_);
  auto in_use = error_of("DeleteTargetGroup", {{"TargetGroupArn", tg_}});
  EXPECT_EQ(in_use.first, "ResourceInUse");
  EXPECT_NE(in_use.second.find(tg_), std::string::npos);
  call("DeleteListener", {{"ListenerArn", listener}});
  EXPECT_EQ(code_of("DescribeListeners", {{"ListenerArns", {listener}}}), "ListenerNotFound");
  EXPECT_EQ(code_of("DeleteTargetGroup", {{"TargetGroupArn", tg_}}), "");
}

TEST_F(ListenersTest, DeletingTheLoadBalancerDeletesItsListenersAndRules) {
  auto listener = make_listener(lb_, tg_);
  auto rules = call("DescribeRules", {{"ListenerArn", listener}})["Rules"];
  call("DeleteLoadBalancer", {{"LoadBalancerArn", lb_}});
  EXPECT_EQ(code_of("DescribeListeners", {{"ListenerArns", {listener}}}), "ListenerNotFound");
  EXPECT_EQ(code_of("DescribeRules", {{"RuleArns", {rules[0]["RuleArn"]}}}), "RuleNotFound");
  auto tg = call("DescribeTargetGroups", {{"TargetGroupArns", {tg_}}})["TargetGroups"][0];
  EXPECT_EQ(tg["LoadBalancerArns"], json::array());
}

TEST_F(ListenersTest, ModifyChangesPortProtocolAndActions) {
  auto listener = make_listener(lb_, tg_);
  make_listener(lb_, tg_, 8080);
  EXPECT_EQ(code_of("ModifyListener", {{"ListenerArn", listener}, {"Port", 8080}}),
            "DuplicateListener");
  auto other = make_tg("other");
  auto changed = call("ModifyListener", {{"ListenerArn", listener},
                                         {"Port", 81},
                                         {"DefaultActions", forward_to(other)}})["Listeners"][0];
  EXPECT_EQ(changed["Port"], 81);
  EXPECT_EQ(changed["DefaultActions"][0]["TargetGroupArn"], other);
  EXPECT_EQ(code_of("ModifyListener", {{"ListenerArn", listener}, {"Protocol", "HTTPS"}}),
            "ValidationError");
  EXPECT_EQ(code_of("ModifyListener", {{"ListenerArn", listener + "0"}}), "ListenerNotFound");
  EXPECT_EQ(code_of("DescribeListeners", json::object()), "ValidationError");
}

TEST_F(ListenersTest, ActionChecks) {
  auto create = [&](const json& actions, int port) {
    return error_of("CreateListener", {{"LoadBalancerArn", lb_},
                                       {"Protocol", "HTTP"},
                                       {"Port", port},
                                       {"DefaultActions", actions}})
        .first;
  };
  auto weighted = [&](json stickiness) {
    json action = {{"Type", "forward"},
                   {"ForwardConfig", {{"TargetGroups", {{{"TargetGroupArn", tg_}}}}}}};
    if (!stickiness.is_null()) {
      action["ForwardConfig"]["TargetGroupStickinessConfig"] = std::move(stickiness);
    }
    return json::array({action});
  };
  EXPECT_EQ(create(weighted({{"Enabled", true}}), 80), "ValidationError");
  EXPECT_EQ(create(weighted({{"Enabled", true}, {"DurationSeconds", 60}}), 80), "");
  auto listener = call("DescribeListeners", {{"LoadBalancerArn", lb_}})["Listeners"][0];
  EXPECT_EQ(listener["DefaultActions"][0]["ForwardConfig"]["TargetGroupStickinessConfig"],
            (json{{"Enabled", true}, {"DurationSeconds", 60}}));
  json six = json::array();
  for (int i = 0; i < 6; ++i) {
    six.push_back({{"TargetGroupArn", make_tg("g" + std::to_string(i))}});
  }
  EXPECT_EQ(create({{{"Type", "forward"}, {"ForwardConfig", {{"TargetGroups", six}}}}}, 81),
            "ValidationError");
  auto other = make_tg("other");
  EXPECT_EQ(create({{{"Type", "forward"},
                     {"TargetGroupArn", tg_},
                     {"ForwardConfig", {{"TargetGroups", {{{"TargetGroupArn", other}}}}}}}},
                   82),
            "ValidationError");
  EXPECT_EQ(create(json::array({forward_to(tg_)[0], forward_to(other)[0]}), 83), "TooManyActions");
}

TEST_F(ListenersTest, NetworkListenersForwardOnlyToGroupsOfTheirProtocol) {
  auto nlb = make_lb("net", {{"Type", "network"}});
  auto tcp = make_tg("tcp", {{"Protocol", "TCP"}});
  auto listener = make_listener(nlb, tcp, 80, "TCP");
  EXPECT_EQ(code_of("ModifyListener", {{"ListenerArn", listener}, {"Protocol", "UDP"}}),
            "IncompatibleProtocols");
  EXPECT_EQ(code_of("ModifyListener", {{"ListenerArn", listener}, {"Protocol", "HTTP"}}),
            "UnsupportedProtocol");
  EXPECT_EQ(
      code_of("CreateListener",
              {{"LoadBalancerArn", nlb},
               {"Protocol", "TCP"},
               {"Port", 81},
               {"DefaultActions",
                {{{"Type", "fixed-response"}, {"FixedResponseConfig", {{"StatusCode", "200"}}}}}}}),
      "InvalidLoadBalancerAction");
  auto both = make_tg("both", {{"Protocol", "TCP_UDP"}});
  auto udp = call("CreateListener", {{"LoadBalancerArn", nlb},
                                     {"Protocol", "UDP"},
                                     {"Port", 53},
                                     {"DefaultActions", forward_to(both)}})["Listeners"][0];
  EXPECT_EQ(udp["Protocol"], "UDP");
}

TEST_F(ListenersTest, AttributesByProtocol) {
  auto listener = make_listener(lb_, tg_);
  auto attributes = attribute_map_of(
      call("DescribeListenerAttributes", {{"ListenerArn", listener}})["Attributes"]);
  EXPECT_EQ(attributes["routing.http.response.server.enabled"], "true");
  EXPECT_EQ(attributes["routing.http.response.x_frame_options.header_value"], "");
  EXPECT_FALSE(attributes.contains("tcp.idle_timeout.seconds"));
  auto set = [&](const std::string& arn, const std::string& key, const std::string& value) {
    return error_of("ModifyListenerAttributes",
                    {{"ListenerArn", arn}, {"Attributes", {{{"Key", key}, {"Value", value}}}}})
        .first;
  };
  EXPECT_EQ(set(listener, "routing.http.response.server.enabled", "false"), "");
  EXPECT_EQ(set(listener, "routing.http.response.server.enabled", "no"), "ValidationError");
  EXPECT_EQ(set(listener, "tcp.idle_timeout.seconds", "100"), "ValidationError");
  attributes = attribute_map_of(
      call("DescribeListenerAttributes", {{"ListenerArn", listener}})["Attributes"]);
  EXPECT_EQ(attributes["routing.http.response.server.enabled"], "false");
  auto nlb = make_lb("net", {{"Type", "network"}});
  auto tcp = make_listener(nlb, make_tg("tcp", {{"Protocol", "TCP"}}), 80, "TCP");
  auto tcp_attributes =
      attribute_map_of(call("DescribeListenerAttributes", {{"ListenerArn", tcp}})["Attributes"]);
  EXPECT_EQ(tcp_attributes,
            (std::map<std::string, std::string>{{"tcp.idle_timeout.seconds", "350"}}));
  EXPECT_EQ(set(tcp, "tcp.idle_timeout.seconds", "59"), "ValidationError");
  EXPECT_EQ(set(tcp, "tcp.idle_timeout.seconds", "600"), "");
  EXPECT_EQ(code_of("DescribeListenerAttributes", {{"ListenerArn", tcp + "0"}}),
            "ListenerNotFound");
}

}  // namespace
}  // namespace minecs::elbv2
