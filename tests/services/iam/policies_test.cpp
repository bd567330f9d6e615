// Managed policies: customer ones with versions (five at most), AWS managed ones built in.
#include "common.hpp"
#include "iam_fixture.hpp"

namespace minecs::iam {
namespace {

TEST_F(IamTest, CreatePolicyAnswersWithArnIdAndFirstVersion) {
  auto p = create_policy("read", {{"Path", "/team/"}, {"Description", "reads"}});
  EXPECT_EQ(p.at("Arn"), "arn:aws:iam::123456789012:policy/team/read");
  EXPECT_EQ(p.at("PolicyId").get<std::string>().substr(0, 4), "ANPA");
  EXPECT_EQ(p.at("DefaultVersionId"), "v1");
  EXPECT_EQ(p.at("AttachmentCount"), 0);
  EXPECT_FALSE(p.contains("Description"));
  auto got = call("GetPolicy", {{"PolicyArn", p.at("Arn")}}).at("Policy");
  EXPECT_EQ(got.at("Description"), "reads");
  auto v = call("GetPolicyVersion", {{"PolicyArn", p.at("Arn")}, {"VersionId", "v1"}});
  EXPECT_EQ(v.at("PolicyVersion").at("Document"), url_encode(read_policy));
  EXPECT_EQ(v.at("PolicyVersion").at("IsDefaultVersion"), true);
  EXPECT_EQ(failure_of("CreatePolicy", {{"PolicyName", "READ"}, {"PolicyDocument", read_policy}}),
            "EntityAlreadyExists 409");
  EXPECT_EQ(failure_of("CreatePolicy", {{"PolicyName", "x"}, {"PolicyDocument", "{"}}),
            "MalformedPolicyDocument 400");
  EXPECT_EQ(failure_of("GetPolicy", {{"PolicyArn", "arn:aws:iam::123456789012:policy/other/read"}}),
            "NoSuchEntity 404");
}

TEST_F(IamTest, AwsManagedPoliciesExistWithTheirRealArns) {
  for (const char* arn : {"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                          "arn:aws:iam::aws:policy/AmazonECS_FullAccess",
                          "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
                          "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
                          "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess",
                          "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
                          "arn:aws:iam::aws:policy/AdministratorAccess"}) {
    auto p = call("GetPolicy", {{"PolicyArn", arn}}).at("Policy");
    EXPECT_EQ(p.at("Arn"), arn);
    auto v =
        call("GetPolicyVersion", {{"PolicyArn", arn}, {"VersionId", p.at("DefaultVersionId")}});
    EXPECT_EQ(v.at("PolicyVersion").at("Document").get<std::string>().substr(0, 3), "%7B");
  }
  for (const auto& p : aws_managed_policies()) {
    EXPECT_NO_THROW(check_policy_document(p.versions.front().document, policy_kind::identity))
        << p.name;
  }
  EXPECT_EQ(
      failure_of("DeletePolicy", {{"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}}),
      "InvalidInput 400");
}

TEST_F(IamTest, ListPoliciesByScopeAttachmentAndPath) {
  create_policy("mine", {{"Path", "/team/"}});
  auto local = call("ListPolicies", {{"Scope", "Local"}}).at("Policies");
  EXPECT_EQ(strings(local, "PolicyName"), (std::vector<std::string>{"mine"}));
  auto aws = call("ListPolicies", {{"Scope", "AWS"}, {"PathPrefix", "/service-role/"}});
  EXPECT_EQ(strings(aws.at("Policies"), "PolicyName"),
            (std::vector<std::string>{"AmazonEC2ContainerServiceforEC2Role",
                                      "AmazonECSTaskExecutionRolePolicy"}));
  EXPECT_EQ(call("ListPolicies", {{"OnlyAttached", true}}).at("Policies").size(), 0u);
  create_role("r");
  call("AttachRolePolicy",
       {{"RoleName", "r"}, {"PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}});
  auto attached = call("ListPolicies", {{"OnlyAttached", true}}).at("Policies");
  EXPECT_EQ(strings(attached, "PolicyName"), (std::vector<std::string>{"AdministratorAccess"}));
  EXPECT_EQ(attached[0].at("AttachmentCount"), 1);
  EXPECT_EQ(failure_of("ListPolicies", {{"Scope", "Nobody"}}), "ValidationError 400");
}

TEST_F(IamTest, AtMostFiveVersionsAndTheDefaultStays) {
  auto arn = create_policy("p").at("Arn");
  for (int i = 2; i <= 5; ++i) {
    auto v = call("CreatePolicyVersion",
                  {{"PolicyArn", arn}, {"PolicyDocument", read_policy}, {"SetAsDefault", i == 3}});
    EXPECT_EQ(v.at("PolicyVersion").at("VersionId"), "v" + std::to_string(i));
  }
  EXPECT_EQ(
      failure_of("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", read_policy}}),
      "LimitExceeded 409");
  EXPECT_EQ(call("GetPolicy", {{"PolicyArn", arn}}).at("Policy").at("DefaultVersionId"), "v3");
  auto versions = call("ListPolicyVersions", {{"PolicyArn", arn}}).at("Versions");
  EXPECT_EQ(strings(versions, "VersionId"),
            (std::vector<std::string>{"v5", "v4", "v3", "v2", "v1"}));
  EXPECT_EQ(failure_of("DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", "v3"}}),
            "DeleteConflict 409");
  EXPECT_EQ(failure_of("DeletePolicy", {{"PolicyArn", arn}}), "DeleteConflict 409");
  call("DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", "v1"}});
  auto v6 = call("CreatePolicyVersion", {{"PolicyArn", arn}, {"PolicyDocument", read_policy}});
  EXPECT_EQ(v6.at("PolicyVersion").at("VersionId"), "v6");
  call("SetDefaultPolicyVersion", {{"PolicyArn", arn}, {"VersionId", "v6"}});
  EXPECT_EQ(failure_of("SetDefaultPolicyVersion", {{"PolicyArn", arn}, {"VersionId", "v1"}}),
            "NoSuchEntity 404");
  for (const char* v : {"v2", "v3", "v4", "v5"}) {
    call("DeletePolicyVersion", {{"PolicyArn", arn}, {"VersionId", v}});
  }
  call("DeletePolicy", {{"PolicyArn", arn}});
  EXPECT_EQ(failure_of("GetPolicy", {{"PolicyArn", arn}}), "NoSuchEntity 404");
}

}  // namespace
}  // namespace minecs::iam
