// Inline role policies and attached managed policies.
#include "common.hpp"
#include "iam_fixture.hpp"

namespace minecs::iam {
namespace {

TEST_F(IamTest, InlinePoliciesArePutReplacedListedAndDeleted) {
  create_role("r");
  call("PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}, {"PolicyDocument", read_policy}});
  call("PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "a"}, {"PolicyDocument", read_policy}});
  auto other = R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*",)"
               R"("Resource":"*"}]})";
  call("PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}, {"PolicyDocument", other}});
  EXPECT_EQ(call("ListRolePolicies", {{"RoleName", "r"}}).at("PolicyNames"), (json{"a", "b"}));
  auto got = call("GetRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}});
  EXPECT_EQ(got.at("PolicyDocument"), url_encode(other));
  EXPECT_EQ(got.at("RoleName"), "r");
  call("DeleteRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}});
  EXPECT_EQ(failure_of("GetRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}}),
            "NoSuchEntity 404");
  EXPECT_EQ(failure_of("DeleteRolePolicy", {{"RoleName", "r"}, {"PolicyName", "b"}}),
            "NoSuchEntity 404");
  EXPECT_EQ(
      failure_of("PutRolePolicy",
                 {{"RoleName", "nope"}, {"PolicyName", "p"}, {"PolicyDocument", read_policy}}),
      "NoSuchEntity 404");
}

TEST_F(IamTest, IdentityPoliciesNeedActionsAndResourcesAndNoPrincipal) {
  create_role("r");
  auto put = [&](const std::string& doc) {
    return failure_of("PutRolePolicy",
                      {{"RoleName", "r"}, {"PolicyName", "p"}, {"PolicyDocument", doc}});
  };
  EXPECT_EQ(put(trust_policy), "MalformedPolicyDocument 400");
  EXPECT_EQ(put(R"({"Statement":[{"Effect":"Allow","Resource":"*"}]})"),
            "MalformedPolicyDocument 400");
  EXPECT_EQ(put(R"({"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]})"),
            "MalformedPolicyDocument 400");
  EXPECT_EQ(put(R"({"Version":"2099-01-01","Statement":[]})"), "MalformedPolicyDocument 400");
  EXPECT_EQ(put(R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})"), "");
}

TEST_F(IamTest, InlinePoliciesOfARoleShareOneSizeQuota) {
  create_role("r");
  std::string actions;
  for (int i = 0; i < 250; ++i) {
    actions += std::string(actions.empty() ? "" : ",") + "\"s3:Action" + std::to_string(i) + "\"";
  }
  auto big = R"({"Statement":[{"Effect":"Allow","Action":[)" + actions + R"(],"Resource":"*"}]})";
  ASSERT_GT(big.size(), 3500u);
  EXPECT_EQ(failure_of("PutRolePolicy",
                       {{"RoleName", "r"}, {"PolicyName", "a"}, {"PolicyDocument", big}}),
            "");
  EXPECT_EQ(failure_of("PutRolePolicy",
                       {{"RoleName", "r"}, {"PolicyName", "b"}, {"PolicyDocument", big}}),
            "");
  EXPECT_EQ(failure_of("PutRolePolicy",
                       {{"RoleName", "r"}, {"PolicyName", "c"}, {"PolicyDocument", big}}),
            "LimitExceeded 409");
}

TEST_F(IamTest, AttachmentsAreListedCountedAndDetached) {
  create_role("r", {{"Path", "/x/"}});
  auto mine = create_policy("mine", {{"Path", "/team/"}}).at("Arn").get<std::string>();
  auto aws = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  call("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", mine}});
  call("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", aws}});
  call("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", aws}});  // no change
  auto attached = call("ListAttachedRolePolicies", {{"RoleName", "r"}}).at("AttachedPolicies");
  EXPECT_EQ(attached,
            (json{{{"PolicyName", "mine"}, {"PolicyArn", mine}},
                  {{"PolicyName", "AmazonECSTaskExecutionRolePolicy"}, {"PolicyArn", aws}}}));
  EXPECT_EQ(call("ListAttachedRolePolicies", {{"RoleName", "r"}, {"PathPrefix", "/service-role/"}})
                .at("AttachedPolicies")
                .size(),
            1u);
  EXPECT_EQ(call("GetPolicy", {{"PolicyArn", aws}}).at("Policy").at("AttachmentCount"), 1);
  auto entities = call("ListEntitiesForPolicy", {{"PolicyArn", mine}});
  EXPECT_EQ(strings(entities.at("PolicyRoles"), "RoleName"), (std::vector<std::string>{"r"}));
  EXPECT_EQ(failure_of("DeletePolicy", {{"PolicyArn", mine}}), "DeleteConflict 409");
  call("DetachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", mine}});
  EXPECT_EQ(failure_of("DetachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", mine}}),
            "NoSuchEntity 404");
  EXPECT_EQ(failure_of("AttachRolePolicy",
                       {{"RoleName", "r"}, {"PolicyArn", "arn:aws:iam::aws:policy/NoSuchPolicy"}}),
            "NoSuchEntity 404");
  EXPECT_EQ(failure_of("AttachRolePolicy",
                       {{"RoleName", "r"}, {"PolicyArn", "arn:aws:s3:::bucket/some-object"}}),
            "InvalidInput 400");
}

TEST_F(IamTest, ARoleHoldsAtMostTenManagedPolicies) {
  create_role("r");
  for (int i = 0; i < 10; ++i) {
    auto arn = create_policy("p" + std::to_string(i)).at("Arn");
    call("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}});
  }
  auto arn = create_policy("eleventh").at("Arn");
  EXPECT_EQ(failure_of("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}}),
            "LimitExceeded 409");
}

}  // namespace
}  // namespace minecs::iam
