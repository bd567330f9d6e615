// PutAccountSetting(Default) and ListAccountSettings as ECS answers them.

#include "ecs_fixture.hpp"

namespace minecs::ecs {
namespace {

class AccountSettingsHandlerTest : public HandlerTest {
 protected:
  const std::string root = "arn:aws:iam::000000000000:root";
  const std::string user = "arn:aws:iam::000000000000:user/alice";
};

TEST_F(AccountSettingsHandlerTest, LongArnFormatsCannotBeTurnedOff) {
  const auto refused = std::make_pair(std::string("InvalidParameterException"),
                                      std::string("You can no longer disable Long Arn settings"));
  for (const char* name :
       {"taskLongArnFormat", "serviceLongArnFormat", "containerInstanceLongArnFormat"}) {
    EXPECT_EQ(error_of("PutAccountSettingDefault", {{"name", name}, {"value", "disabled"}}),
              refused)
        << name;
    EXPECT_EQ(error_of("PutAccountSetting", {{"name", name}, {"value", "disabled"}}), refused)
        << name;
    EXPECT_EQ(error_of("PutAccountSetting",
                       {{"name", name}, {"value", "disabled"}, {"principalArn", user}}),
              refused)
        << name;
    // Turning them on is still accepted.
    EXPECT_EQ(call("PutAccountSettingDefault",
                   {{"name", name}, {"value", "enabled"}})["setting"]["value"],
              "enabled");
  }
  // Nothing disabled was stored.
  auto listed = call("ListAccountSettings", json::object());
  for (const auto& s : listed["settings"]) {
    EXPECT_EQ(s["value"], "enabled") << s.dump();
  }
  // Other settings still turn off.
  EXPECT_EQ(call("PutAccountSetting",
                 {{"name", "awsvpcTrunking"}, {"value", "disabled"}})["setting"]["value"],
            "disabled");
}

TEST_F(AccountSettingsHandlerTest, PutAnswersThePrincipalAndTheUsersType) {
  auto s = call("PutAccountSettingDefault",
                {{"name", "containerInsights"}, {"value", "enabled"}})["setting"];
  EXPECT_EQ(s, json({{"name", "containerInsights"},
                     {"value", "enabled"},
                     {"principalArn", root},
                     {"type", "user"}}));
  auto mine =
      call("PutAccountSetting",
           {{"name", "awsvpcTrunking"}, {"value", "enabled"}, {"principalArn", user}})["setting"];
  EXPECT_EQ(mine["principalArn"], user);
  EXPECT_EQ(mine["type"], "user");
}

// guardDutyActivate is the one setting AWS manages; every other setting is the user's, even
// where its value is AWS's default.
TEST_F(AccountSettingsHandlerTest, EffectiveSettingsTypes) {
  call("PutAccountSetting",
       {{"name", "containerInsights"}, {"value", "enabled"}, {"principalArn", user}});
  json all = json::array();
  json input = {{"effectiveSettings", true}, {"principalArn", user}, {"maxResults", 10}};
  while (true) {
    auto page = call("ListAccountSettings", input);
    for (const auto& s : page["settings"]) {
      all.push_back(s);
    }
    if (!page.contains("nextToken")) {
      break;
    }
    input["nextToken"] = page["nextToken"];
  }
  ASSERT_GE(all.size(), 5u);
  bool saw_guard_duty = false;
  for (const auto& s : all) {
    auto name = s["name"].get<std::string>();
    saw_guard_duty |= name == "guardDutyActivate";
    EXPECT_EQ(s["type"], name == "guardDutyActivate" ? "aws_managed" : "user") << name;
    // The principal's own setting names it; the rest are the account's (root's).
    EXPECT_EQ(s["principalArn"], name == "containerInsights" ? user : root) << name;
  }
  EXPECT_TRUE(saw_guard_duty);
}

}  // namespace
}  // namespace minecs::ecs
