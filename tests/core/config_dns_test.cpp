#include <gtest/gtest.h>

#include "minecs/core/config.hpp"

namespace minecs {
namespace {

TEST(ConfigDns, OnByDefaultWithAShortTtl) {
  auto r = parse_config({});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_TRUE(r.cfg.dns);
  EXPECT_EQ(r.cfg.dns_upstream, "");
  EXPECT_EQ(r.cfg.dns_ttl, 5);
  EXPECT_EQ(r.cfg.dns_unknown_names, "nxdomain");
  auto help = config_help();
  for (const char* flag :
       {"--dns ", "--dns-upstream", "--dns-ttl", "--dns-unknown-names", "MINECS_DNS"}) {
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  }
}

TEST(ConfigDns, FlagsAndVariables) {
  auto r = parse_config({"--dns", "false", "--dns-upstream", "127.0.0.1:5353,[::1]:53",
                         "--dns-ttl=60", "--dns-unknown-names", "forward"});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_FALSE(r.cfg.dns);
  EXPECT_EQ(r.cfg.dns_upstream, "127.0.0.1:5353,[::1]:53");
  EXPECT_EQ(r.cfg.dns_ttl, 60);
  EXPECT_EQ(r.cfg.dns_unknown_names, "forward");
  auto e = parse_config({}, {{"MINECS_DNS", "0"}, {"MINECS_DNS_TTL", "0"}});
  ASSERT_FALSE(e.error) << *e.error;
  EXPECT_FALSE(e.cfg.dns);
  EXPECT_EQ(e.cfg.dns_ttl, 0);
}

TEST(ConfigDns, BadValues) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--dns-ttl", "-1"},
                                                                {"--dns-ttl", "soon"},
                                                                {"--dns-unknown-names", "drop"},
                                                                {"--dns", "maybe"},
                                                                {"--dns-upstream", ""}}) {
    EXPECT_TRUE(parse_config(args).error) << args[0] << " " << args[1];
  }
}

}  // namespace
}  // namespace minecs
