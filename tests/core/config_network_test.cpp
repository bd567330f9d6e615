#include <gtest/gtest.h>

#include "minecs/core/config.hpp"

namespace minecs {
namespace {

TEST(ConfigNetwork, PoolDefaultsOutsideDockersOwnPools) {
  auto r = parse_config({});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.network_pool, "10.224.0.0/12");
  EXPECT_EQ(r.cfg.network_prefix, 22);
  EXPECT_FALSE(r.cfg.ephemeral);
}

TEST(ConfigNetwork, PoolPrefixAndEphemeral) {
  auto r = parse_config(
      {"--network-pool", "198.18.0.0/15", "--network-prefix=24", "--ephemeral", "true"});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.cfg.network_pool, "198.18.0.0/15");
  EXPECT_EQ(r.cfg.network_prefix, 24);
  EXPECT_TRUE(r.cfg.ephemeral);
  auto e = parse_config({}, {{"MINECS_NETWORK_POOL", "10.50.0.0/16"}, {"MINECS_EPHEMERAL", "1"}});
  ASSERT_FALSE(e.error) << *e.error;
  EXPECT_EQ(e.cfg.network_pool, "10.50.0.0/16");
  EXPECT_TRUE(e.cfg.ephemeral);
}

TEST(ConfigNetwork, BadPools) {
  const std::vector<std::vector<std::string>> cases = {
      {"--network-pool", "10.224.0.1/12"}, {"--network-pool", "10.224.0.0"},
      {"--network-pool", "fd00::/8"},      {"--network-prefix", "31"},
      {"--network-prefix", "7"},           {"--ephemeral=sometimes", ""}};
  for (const auto& bad : cases) {
    auto args = bad[1].empty() ? std::vector<std::string>{bad[0]} : bad;
    auto r = parse_config(args);
    ASSERT_TRUE(r.error) << bad[0] << " " << bad[1];
    EXPECT_NE(r.error->find(bad[0].substr(0, bad[0].find('='))), std::string::npos) << *r.error;
  }
  // Each network must fit in the pool.
  auto r = parse_config({"--network-pool", "10.50.0.0/16", "--network-prefix", "12"});
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->find("--network-prefix"), std::string::npos) << *r.error;
}

TEST(ConfigNetwork, HelpNamesTheOptions) {
  auto help = config_help();
  for (const char* flag : {"--network-pool", "MINECS_NETWORK_POOL", "--network-prefix",
                           "--ephemeral", "MINECS_EPHEMERAL"}) {
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace minecs
