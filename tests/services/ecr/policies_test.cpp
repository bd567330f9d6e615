#include "ecr_fixture.hpp"
#include "minecs/api/pagination.hpp"

namespace minecs::ecr {
namespace {

const char* keep_two =
    R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"any",)"
    R"("countType":"imageCountMoreThan","countNumber":2},"action":{"type":"expire"}}]})";

TEST_F(EcrTest, LifecyclePolicyIsStoredAndDeleted) {
  create("app");
  EXPECT_EQ(code_of("GetLifecyclePolicy", {{"repositoryName", "app"}}),
            "LifecyclePolicyNotFoundException");
  call("PutLifecyclePolicy", {{"repositoryName", "app"}, {"lifecyclePolicyText", keep_two}});
  EXPECT_EQ(call("GetLifecyclePolicy", {{"repositoryName", "app"}}).at("lifecyclePolicyText"),
            keep_two);
  call("DeleteLifecyclePolicy", {{"repositoryName", "app"}});
  EXPECT_EQ(code_of("DeleteLifecyclePolicy", {{"repositoryName", "app"}}),
            "LifecyclePolicyNotFoundException");
}

TEST_F(EcrTest, AnInvalidLifecyclePolicyIsInvalidParameter) {
  create("app");
  // Long enough for the model (100 characters at least): refused by the policy's own rules.
  auto untargeted =
      R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged",)"
      R"("countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]})";
  try {
    call("PutLifecyclePolicy", {{"repositoryName", "app"}, {"lifecyclePolicyText", untargeted}});
    ADD_FAILURE() << "accepted";
  } catch (const service_error& e) {
    EXPECT_EQ(e.code(), "InvalidParameterException");
    EXPECT_NE(std::string(e.what()).find("tagPrefixList or tagPatternList"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(code_of("PutLifecyclePolicy",
                    {{"repositoryName", "app"}, {"lifecyclePolicyText", std::string(120, 'x')}}),
            "InvalidParameterException");
}

TEST_F(EcrTest, RepositoryPolicyIsStoredAndDeleted) {
  create("app");
  auto policy = R"({"Version":"2012-10-17","Statement":[]})";
  call("SetRepositoryPolicy", {{"repositoryName", "app"}, {"policyText", policy}});
  EXPECT_EQ(call("GetRepositoryPolicy", {{"repositoryName", "app"}}).at("policyText"), policy);
  call("DeleteRepositoryPolicy", {{"repositoryName", "app"}});
  EXPECT_EQ(code_of("GetRepositoryPolicy", {{"repositoryName", "app"}}),
            "RepositoryPolicyNotFoundException");
  EXPECT_EQ(code_of("SetRepositoryPolicy", {{"repositoryName", "app"}, {"policyText", "[1]"}}),
            "InvalidParameterException");
}

TEST_F(EcrTest, TagsOfARepository) {
  auto arn = create("app").at("repository").at("repositoryArn");
  call("TagResource", {{"resourceArn", arn}, {"tags", {{{"Key", "team"}, {"Value", "a"}}}}});
  EXPECT_EQ(call("ListTagsForResource", {{"resourceArn", arn}}).at("tags"),
            json({{{"Key", "team"}, {"Value", "a"}}}));
  call("UntagResource", {{"resourceArn", arn}, {"tagKeys", {"team"}}});
  EXPECT_TRUE(call("ListTagsForResource", {{"resourceArn", arn}}).at("tags").empty());
  EXPECT_EQ(code_of("ListTagsForResource",
                    {{"resourceArn", "arn:aws:ecr:us-east-1:000000000000:repository/none"}}),
            "RepositoryNotFoundException");
}

TEST_F(EcrTest, AuthorizationTokenIsAwsAndAPasswordTheProxyAccepts) {
  auto data = call("GetAuthorizationToken", json::object()).at("authorizationData")[0];
  EXPECT_EQ(data.at("proxyEndpoint"), "http://127.0.0.1:5123");
  EXPECT_EQ(data.at("expiresAt"), 1700000000.0 + 12 * 3600);
  auto token = data.at("authorizationToken").get<std::string>();
  ASSERT_FALSE(token.empty());
  auto decoded = api::base64_decode(token);
  ASSERT_TRUE(decoded && decoded->starts_with("AWS:"));
  auto password = decoded->substr(4);
  EXPECT_TRUE(db_.read([&] { return store::ecr_token_valid(db_, password, clock_.now()); }));
  clock_.advance(12 * 3600 + 1);
  EXPECT_FALSE(db_.read([&] { return store::ecr_token_valid(db_, password, clock_.now()); }));
}

}  // namespace
}  // namespace minecs::ecr
