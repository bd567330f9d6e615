#include <gmock/gmock.h>

#include <algorithm>
#include <cctype>

#include "secrets_fixture.hpp"

namespace minecs::secretsmanager {
namespace {

TEST_F(SecretsTest, RandomPasswordsFollowTheRules) {
  auto p = call("GetRandomPassword", json::object())["RandomPassword"].get<std::string>();
  EXPECT_EQ(p.size(), 32u);
  auto has = [&](const std::string& s, int (*cls)(int)) {
    return std::any_of(s.begin(), s.end(), [&](unsigned char c) { return cls(c) != 0; });
  };
  EXPECT_TRUE(has(p, std::islower) && has(p, std::isupper) && has(p, std::isdigit) &&
              has(p, std::ispunct));
  auto q = call("GetRandomPassword", {{"PasswordLength", 200},
                                      {"ExcludePunctuation", true},
                                      {"ExcludeCharacters", "abc"}})["RandomPassword"]
               .get<std::string>();
  EXPECT_EQ(q.size(), 200u);
  EXPECT_FALSE(has(q, std::ispunct));
  EXPECT_EQ(q.find_first_of("abc"), std::string::npos);
  EXPECT_NE(q, call("GetRandomPassword", {{"PasswordLength", 200},
                                          {"ExcludePunctuation", true},
                                          {"ExcludeCharacters", "abc"}})["RandomPassword"]);
  EXPECT_EQ(code_of("GetRandomPassword", {{"PasswordLength", 2}}), "InvalidParameterException");
  EXPECT_EQ(code_of("GetRandomPassword", {{"PasswordLength", 0}}), "InvalidParameterException");
}

}  // namespace
}  // namespace minecs::secretsmanager
