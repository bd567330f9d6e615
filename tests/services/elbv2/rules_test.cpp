// CreateRule's priorities and conditions, DescribeRules with the default rule, ModifyRule,
// SetRulePriorities and DeleteRule.
#include <gtest/gtest.h>

#include "elbv2_fixture.hpp"

namespace minecs::elbv2 {
namespace {

class RulesTest : public Elbv2Test {
 protected:
  RulesTest() {
    make_network();
    lb_ = make_lb("web");
    tg_ = make_tg("web");
    listener_ = make_listener(lb_, tg_);
  }

  static json path_is(const std::string& pattern) {
    return json::array({{{"Field", "path-pattern"}, {"Values", {pattern}}}});
  }
  json create_rule(int priority, const json& conditions) {
    return call("CreateRule", {{"ListenerArn", listener_},
                               {"Priority", priority},
                               {"Conditions", conditions},
                               {"Actions", forward_to(tg_)}})["Rules"][0];
  }
  std::string rule_error(int priority, const json& conditions) {
    return code_of("CreateRule", {{"ListenerArn", listener_},
                                  {"Priority", priority},
                                  {"Conditions", conditions},
                                  {"Actions", forward_to(tg_)}});
  }

  std::string lb_;
  std::string tg_;
  std::string listener_;
};

TEST_F(RulesTest, ARuleAsElbv2DescribesIt) {
  auto rule = create_rule(10, path_is("/api/*"));
  EXPECT_EQ(rule["Priority"], "10");
  EXPECT_EQ(rule["IsDefault"], false);
  EXPECT_EQ(rule["Conditions"], json::array({{{"Field", "path-pattern"},
                                              {"Values", {"/api/*"}},
                                              {"PathPatternConfig", {{"Values", {"/api/*"}}}}}}));
  EXPECT_EQ(rule["Actions"][0]["TargetGroupArn"], tg_);
  EXPECT_NE(rule["RuleArn"].get<std::string>().find(":listener-rule/app/web/"), std::string::npos);
}

TEST_F(RulesTest, DescribeListsByPriorityWithTheDefaultLast) {
  auto b = create_rule(20, path_is("/b"));
  auto a = create_rule(5, path_is("/a"));
  auto rules = call("DescribeRules", {{"ListenerArn", listener_}})["Rules"];
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0]["RuleArn"], a["RuleArn"]);
  EXPECT_EQ(rules[1]["RuleArn"], b["RuleArn"]);
  EXPECT_EQ(rules[2]["Priority"], "default");
  EXPECT_EQ(rules[2]["IsDefault"], true);
  EXPECT_EQ(rules[2]["Conditions"], json::array());
  EXPECT_EQ(rules[2]["Actions"][0]["TargetGroupArn"], tg_);
  auto page = call("DescribeRules", {{"ListenerArn", listener_}, {"PageSize", 2}});
  EXPECT_EQ(page["Rules"].size(), 2u);
  EXPECT_TRUE(page.contains("NextMarker"));
  EXPECT_EQ(code_of("DescribeRules", json::object()), "ValidationError");
  EXPECT_EQ(code_of("DescribeRules", {{"ListenerArn", listener_ + "0"}}), "ListenerNotFound");
}

TEST_F(RulesTest, PrioritiesAreUniquePerListener) {
  create_rule(10, path_is("/a"));
  EXPECT_EQ(rule_error(10, path_is("/b")), "PriorityInUse");
  auto other = make_listener(lb_, tg_, 8080);
  EXPECT_EQ(code_of("CreateRule", {{"ListenerArn", other},
                                   {"Priority", 10},
                                   {"Conditions", path_is("/b")},
                                   {"Actions", forward_to(tg_)}}),
            "");
}

TEST_F(RulesTest, ConditionsAreChecked) {
  EXPECT_EQ(rule_error(1, json::array()), "ValidationError");
  EXPECT_EQ(rule_error(1, {{{"Field", "cookie"}, {"Values", {"a"}}}}), "ValidationError");
  EXPECT_EQ(rule_error(1, {{{"Field", "path-pattern"},
                            {"Values", {"/a"}},
                            {"PathPatternConfig", {{"Values", {"/a"}}}}}}),
            "ValidationError");
  EXPECT_EQ(rule_error(1, {{{"Field", "path-pattern"}, {"Values", {"/a", "/b", "/c"}}},
                           {{"Field", "host-header"}, {"Values", {"a", "b", "c"}}}}),
            "ValidationError");
  EXPECT_EQ(rule_error(1, {{{"Field", "path-pattern"}, {"Values", {"/a"}}},
                           {{"Field", "path-pattern"}, {"Values", {"/b"}}}}),
            "ValidationError");
  EXPECT_EQ(rule_error(1, {{{"Field", "http-request-method"},
                            {"HttpRequestMethodConfig", {{"Values", {"get"}}}}}}),
            "ValidationError");
  EXPECT_EQ(
      rule_error(1, {{{"Field", "source-ip"}, {"SourceIpConfig", {{"Values", {"10.0.0.0/33"}}}}}}),
      "ValidationError");
  EXPECT_EQ(rule_error(1, {{{"Field", "http-header"}, {"HttpHeaderConfig", {{"Values", {"x"}}}}}}),
            "ValidationError");
}

TEST_F(RulesTest, EveryConditionKindIsKeptAndShown) {
  json conditions = {
      {{"Field", "host-header"}, {"HostHeaderConfig", {{"Values", {"api.example.com"}}}}},
      {{"Field", "http-header"},
       {"HttpHeaderConfig", {{"HttpHeaderName", "X-Env"}, {"Values", {"beta"}}}}},
      {{"Field", "http-request-method"}, {"HttpRequestMethodConfig", {{"Values", {"GET"}}}}},
      {{"Field", "query-string"},
       {"QueryStringConfig", {{"Values", {{{"Key", "v"}, {"Value", "2"}}}}}}},
      {{"Field", "source-ip"}, {"SourceIpConfig", {{"Values", {"10.0.0.0/8"}}}}}};
  auto rule = create_rule(3, conditions);
  EXPECT_EQ(rule["Conditions"], conditions);
  auto described = call("DescribeRules", {{"RuleArns", {rule["RuleArn"]}}})["Rules"][0];
  EXPECT_EQ(described, rule);
}

TEST_F(RulesTest, ModifyRuleAndTheDefaultRule) {
  auto rule = create_rule(10, path_is("/a"));
  auto other = make_tg("other");
  auto modified = call("ModifyRule", {{"RuleArn", rule["RuleArn"]},
                                      {"Conditions", path_is("/b")},
                                      {"Actions", forward_to(other)}})["Rules"][0];
  EXPECT_EQ(modified["Conditions"][0]["Values"], json::array({"/b"}));
  EXPECT_EQ(modified["Actions"][0]["TargetGroupArn"], other);
  auto default_rule = call("DescribeRules", {{"ListenerArn", listener_}})["Rules"][1];
  ASSERT_EQ(default_rule["IsDefault"], true);
  EXPECT_EQ(
      code_of("ModifyRule", {{"RuleArn", default_rule["RuleArn"]}, {"Conditions", path_is("/c")}}),
      "OperationNotPermitted");
  call("ModifyRule", {{"RuleArn", default_rule["RuleArn"]}, {"Actions", forward_to(other)}});
  auto listener = call("DescribeListeners", {{"ListenerArns", {listener_}}})["Listeners"][0];
  EXPECT_EQ(listener["DefaultActions"][0]["TargetGroupArn"], other);
  EXPECT_EQ(code_of("DeleteRule", {{"RuleArn", default_rule["RuleArn"]}}), "OperationNotPermitted");
  call("DeleteRule", {{"RuleArn", rule["RuleArn"]}});
  EXPECT_EQ(code_of("DeleteRule", {{"RuleArn", rule["RuleArn"]}}), "RuleNotFound");
}

TEST_F(RulesTest, SetRulePrioritiesSwapsAndChecks) {
  auto a = create_rule(1, path_is("/a"))["RuleArn"];
  auto b = create_rule(2, path_is("/b"))["RuleArn"];
  auto swapped =
      call("SetRulePriorities",
           {{"RulePriorities",
             {{{"RuleArn", a}, {"Priority", 2}}, {{"RuleArn", b}, {"Priority", 1}}}}})["Rules"];
  EXPECT_EQ(values(swapped, "Priority"), (std::vector<std::string>{"2", "1"}));
  auto rules = call("DescribeRules", {{"ListenerArn", listener_}})["Rules"];
  EXPECT_EQ(rules[0]["RuleArn"], b);
  EXPECT_EQ(code_of("SetRulePriorities", {{"RulePriorities", {{{"RuleArn", a}, {"Priority", 1}}}}}),
            "PriorityInUse");
  EXPECT_EQ(code_of("SetRulePriorities",
                    {{"RulePriorities", {{{"RuleArn", rules[2]["RuleArn"]}, {"Priority", 9}}}}}),
            "OperationNotPermitted");
  // A failed call changes nothing.
  EXPECT_EQ(call("DescribeRules", {{"ListenerArn", listener_}})["Rules"], rules);
}

TEST_F(RulesTest, NetworkListenersHaveOnlyTheDefaultRule) {
  auto nlb = make_lb("net", {{"Type", "network"}});
  auto tcp = make_tg("tcp", {{"Protocol", "TCP"}});
  auto listener = make_listener(nlb, tcp, 80, "TCP");
  EXPECT_EQ(code_of("CreateRule", {{"ListenerArn", listener},
                                   {"Priority", 1},
                                   {"Conditions", path_is("/")},
                                   {"Actions", forward_to(tcp)}}),
            "UnsupportedProtocol");
}

}  // namespace
}  // namespace minecs::elbv2
