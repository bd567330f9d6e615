#include <gmock/gmock.h>

#include "secrets_fixture.hpp"

namespace minecs::secretsmanager {
namespace {

TEST_F(SecretsTest, ScheduledDeletionBlocksReadsUntilRestored) {
  create("d", "v");
  EXPECT_EQ(code_of("DeleteSecret", {{"SecretId", "d"}, {"RecoveryWindowInDays", 6}}),
            "InvalidParameterException");
  EXPECT_EQ(code_of("DeleteSecret", {{"SecretId", "d"},
                                     {"RecoveryWindowInDays", 7},
                                     {"ForceDeleteWithoutRecovery", true}}),
            "InvalidParameterException");
  auto deleted = call("DeleteSecret", {{"SecretId", "d"}, {"RecoveryWindowInDays", 7}});
  EXPECT_DOUBLE_EQ(deleted["DeletionDate"].get<double>(), clock_.now() + 7 * day);
  EXPECT_EQ(code_of("GetSecretValue", {{"SecretId", "d"}}), "InvalidRequestException");
  EXPECT_EQ(code_of("PutSecretValue", {{"SecretId", "d"}, {"SecretString", "w"}}),
            "InvalidRequestException");
  EXPECT_EQ(code_of("CreateSecret", {{"Name", "d"}, {"SecretString", "w"}}),
            "InvalidRequestException");
  EXPECT_TRUE(call("DescribeSecret", {{"SecretId", "d"}}).contains("DeletedDate"));
  call("RestoreSecret", {{"SecretId", "d"}});
  EXPECT_EQ(value_of({{"SecretId", "d"}}), "v");
}

TEST_F(SecretsTest, TheWindowEndsTheSecretAndForceEndsItAtOnce) {
  create("w", "v");
  call("DeleteSecret", {{"SecretId", "w"}});
  clock_.advance(30 * day + 1);
  EXPECT_EQ(code_of("DescribeSecret", {{"SecretId", "w"}}), "ResourceNotFoundException");
  create("w", "again");
  call("DeleteSecret", {{"SecretId", "w"}, {"ForceDeleteWithoutRecovery", true}});
  EXPECT_EQ(code_of("DescribeSecret", {{"SecretId", "w"}}), "ResourceNotFoundException");
  EXPECT_EQ(create("w", "third")["Name"], "w");
}

}  // namespace
}  // namespace minecs::secretsmanager
