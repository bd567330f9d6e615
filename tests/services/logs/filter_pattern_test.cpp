#include <gtest/gtest.h>

#include "filter_pattern.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::logs {
namespace {

bool match(std::string_view pattern, std::string_view message) {
  return filter_pattern::parse(pattern).matches(message);
}

TEST(FilterPattern, EmptyMatchesEverything) {
  EXPECT_TRUE(match("", "anything"));
  EXPECT_TRUE(match("   ", "anything"));
}

TEST(FilterPattern, EveryTermMustAppearCaseSensitively) {
  EXPECT_TRUE(match("ERROR", "[ERROR] disk full"));
  EXPECT_TRUE(match("ERROR disk", "[ERROR] disk full"));
  EXPECT_FALSE(match("ERROR memory", "[ERROR] disk full"));
  EXPECT_FALSE(match("error", "[ERROR] disk full"));
}

TEST(FilterPattern, QuotedPhraseKeepsItsSpaces) {
  EXPECT_TRUE(match("\"disk full\"", "ERROR disk full now"));
  EXPECT_FALSE(match("\"disk full\"", "full disk"));
  EXPECT_TRUE(match("\"say \\\"hi\\\"\"", "they say \"hi\""));
  EXPECT_THROW(filter_pattern::parse("\"unterminated"), service_error);
}

TEST(FilterPattern, QuestionMarkTermsMatchAny) {
  EXPECT_TRUE(match("?ERROR ?WARN", "WARN low disk"));
  EXPECT_TRUE(match("?ERROR ?WARN", "ERROR boom"));
  EXPECT_FALSE(match("?ERROR ?WARN", "INFO fine"));
  EXPECT_TRUE(match("?\"disk full\" ?oom", "oom killer"));
}

TEST(FilterPattern, MinusTermsExclude) {
  EXPECT_TRUE(match("ERROR -retry", "ERROR failed"));
  EXPECT_FALSE(match("ERROR -retry", "ERROR failed, will retry"));
}

TEST(FilterPattern, StructuredPatternsAreRefusedHonestly) {
  for (auto p : {"{ $.level = \"error\" }", "[ip, user, ...]", "%ERR[0-9]+%"}) {
    try {
      filter_pattern::parse(p);
      ADD_FAILURE() << p;
    } catch (const service_error& e) {
      EXPECT_EQ(e.code(), "InvalidParameterException");
      EXPECT_NE(std::string(e.what()).find("minecs does not support"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace minecs::logs
