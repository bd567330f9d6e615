#include "secrets_fixture.hpp"

namespace minecs::secretsmanager {
namespace {

TEST_F(SecretsTest, AResourcePolicyIsStoredReturnedAndDeleted) {
  auto arn = create("p", "v")["ARN"].get<std::string>();
  EXPECT_EQ(call("GetResourcePolicy", {{"SecretId", "p"}}), json({{"ARN", arn}, {"Name", "p"}}));
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)"
      R"({"AWS":"arn:aws:iam::000000000000:root"},"Action":"secretsmanager:GetSecretValue",)"
      R"("Resource":"*"}]})";
  EXPECT_EQ(code_of("PutResourcePolicy", {{"SecretId", "p"}, {"ResourcePolicy", "{not json"}}),
            "MalformedPolicyDocumentException");
  EXPECT_EQ(call("PutResourcePolicy", {{"SecretId", arn}, {"ResourcePolicy", policy}})["Name"],
            "p");
  EXPECT_EQ(call("GetResourcePolicy", {{"SecretId", "p"}})["ResourcePolicy"], policy);
  call("DeleteResourcePolicy", {{"SecretId", "p"}});
  EXPECT_FALSE(call("GetResourcePolicy", {{"SecretId", "p"}}).contains("ResourcePolicy"));
  EXPECT_EQ(code_of("GetResourcePolicy", {{"SecretId", "absent"}}), "ResourceNotFoundException");
}

}  // namespace
}  // namespace minecs::secretsmanager
