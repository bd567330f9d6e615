#include <gtest/gtest.h>

#include "minecs/agent/credentials.hpp"
#include "timestamps.hpp"

namespace minecs::agent {
namespace {

TEST(Credentials, EnvUsesMinecsOwnKeysOrTheLocalConvention) {
  auto own = parse_credentials_source("env", "AKID", "SECRET", "TOKEN");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->access_key_id, "AKID");
  EXPECT_EQ(own->session_token, "TOKEN");
  auto unset = parse_credentials_source("env", "", "", "");
  ASSERT_TRUE(unset);
  EXPECT_EQ(unset->access_key_id, "test");
  EXPECT_EQ(unset->secret_access_key, "test");
}

TEST(Credentials, StaticKeysWithAndWithoutToken) {
  auto two = parse_credentials_source("static:AKID:SECRET", "x", "y", "z");
  ASSERT_TRUE(two);
  EXPECT_EQ(two->access_key_id, "AKID");
  EXPECT_EQ(two->secret_access_key, "SECRET");
  EXPECT_EQ(two->session_token, "");
  auto three = parse_credentials_source("static:AKID:SECRET:TOK", "", "", "");
  ASSERT_TRUE(three);
  EXPECT_EQ(three->session_token, "TOK");
  for (const char* bad : {"static:", "static:A", "static::S", "vault:A:B", "static:A:B:C:D", ""}) {
    EXPECT_FALSE(parse_credentials_source(bad, "", "", "")) << bad;
  }
}

TEST(Credentials, DocumentHasTheShapeTheSdksRead) {
  auto doc = credentials_document({"AKID", "SECRET", "TOK"}, "arn:aws:iam::1:role/r", 1764054000);
  EXPECT_EQ(doc["AccessKeyId"], "AKID");
  EXPECT_EQ(doc["SecretAccessKey"], "SECRET");
  EXPECT_EQ(doc["Token"], "TOK");
  EXPECT_EQ(doc["RoleArn"], "arn:aws:iam::1:role/r");
  EXPECT_EQ(doc["Expiration"], "2025-11-25T07:00:00Z");
}

TEST(Timestamps, NanosecondsAsDockerWritesThem) {
  EXPECT_EQ(iso_nanos(1764054000.5), "2025-11-25T07:00:00.500000000Z");
  EXPECT_EQ(iso_seconds(0), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace minecs::agent
