#include <gtest/gtest.h>

#include "minecs/core/config.hpp"

namespace minecs {
namespace {

TEST(ConfigSecrets, FlagsAndVariablesNameTheLocalStandIns) {
  auto none = parse_config({}, {});
  ASSERT_FALSE(none.error);
  EXPECT_EQ(none.cfg.secrets_file, "");
  EXPECT_EQ(none.cfg.s3_dir, "");

  auto flags = parse_config({"--secrets-file", "/etc/s.json", "--s3-dir=/srv/s3"}, {});
  ASSERT_FALSE(flags.error) << *flags.error;
  EXPECT_EQ(flags.cfg.secrets_file, "/etc/s.json");
  EXPECT_EQ(flags.cfg.s3_dir, "/srv/s3");

  auto env = parse_config({"--s3-dir", "/flag"},
                          {{"MINECS_SECRETS_FILE", "/env.json"}, {"MINECS_S3_DIR", "/env"}});
  ASSERT_FALSE(env.error);
  EXPECT_EQ(env.cfg.secrets_file, "/env.json");
  EXPECT_EQ(env.cfg.s3_dir, "/flag");  // the flag wins

  EXPECT_TRUE(parse_config({"--secrets-file="}, {}).error);
  EXPECT_NE(config_help().find("--secrets-file VALUE  (MINECS_SECRETS_FILE)"), std::string::npos);
  EXPECT_NE(config_help().find("--s3-dir VALUE  (MINECS_S3_DIR)"), std::string::npos);
}

}  // namespace
}  // namespace minecs
