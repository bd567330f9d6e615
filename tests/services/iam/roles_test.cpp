// Roles: IAM's ids, ARNs and encoded documents, case-insensitive names, paging by path, updates,
// tags, and DeleteConflict while anything holds the role.
#include "common.hpp"
#include "iam_fixture.hpp"

namespace minecs::iam {
namespace {

TEST_F(IamTest, CreateRoleAnswersWithIdArnAndTheEncodedTrustPolicy) {
  auto r = create_role("app", {{"Path", "/ecs/"}, {"Description", "d"}});
  EXPECT_EQ(r.at("Arn"), "arn:aws:iam::123456789012:role/ecs/app");
  EXPECT_EQ(r.at("RoleId").get<std::string>().substr(0, 4), "AROA");
  EXPECT_EQ(r.at("RoleId").get<std::string>().size(), 21u);
  EXPECT_EQ(r.at("Path"), "/ecs/");
  EXPECT_EQ(r.at("MaxSessionDuration"), 3600);
  EXPECT_EQ(r.at("CreateDate"), 1700000000.0);
  EXPECT_EQ(r.at("AssumeRolePolicyDocument"), url_encode(trust_policy));
  EXPECT_EQ(r.at("AssumeRolePolicyDocument").get<std::string>().substr(0, 12), "%7B%22Versio");
  auto got = call("GetRole", {{"RoleName", "APP"}}).at("Role");
  EXPECT_EQ(got.at("RoleName"), "app");
  EXPECT_EQ(got.at("Description"), "d");
}

TEST_F(IamTest, RoleNamesAreUniqueWithoutRegardToCase) {
  create_role("App");
  EXPECT_EQ(
      failure_of("CreateRole", {{"RoleName", "app"}, {"AssumeRolePolicyDocument", trust_policy}}),
      "EntityAlreadyExists 409");
  EXPECT_EQ(failure_of("GetRole", {{"RoleName", "other"}}), "NoSuchEntity 404");
}

TEST_F(IamTest, TrustPoliciesAreCheckedAsTrustPolicies) {
  auto create = [&](const std::string& doc) {
    return failure_of("CreateRole", {{"RoleName", "r"}, {"AssumeRolePolicyDocument", doc}});
  };
  EXPECT_EQ(create("{not json"), "MalformedPolicyDocument 400");
  EXPECT_EQ(create(read_policy), "MalformedPolicyDocument 400");  // no principal
  EXPECT_EQ(create(R"({"Version":"2012-10-17"})"), "MalformedPolicyDocument 400");
  EXPECT_EQ(failure_of("CreateRole",
                       {{"RoleName", "bad name!"}, {"AssumeRolePolicyDocument", trust_policy}}),
            "ValidationError 400");
  EXPECT_EQ(failure_of("CreateRole", {{"RoleName", "r"},
                                      {"AssumeRolePolicyDocument", trust_policy},
                                      {"MaxSessionDuration", 60}}),
            "ValidationError 400");
}

TEST_F(IamTest, ListRolesFiltersByPathAndPages) {
  create_role("c", {{"Path", "/svc/"}});
  create_role("a");
  create_role("b", {{"Path", "/svc/x/"}});
  auto all = call("ListRoles", json::object());
  EXPECT_EQ(strings(all.at("Roles"), "RoleName"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(all.at("IsTruncated"), false);
  auto svc = call("ListRoles", {{"PathPrefix", "/svc/"}, {"MaxItems", 1}});
  EXPECT_EQ(strings(svc.at("Roles"), "RoleName"), (std::vector<std::string>{"b"}));
  ASSERT_EQ(svc.at("IsTruncated"), true);
  auto next = call("ListRoles", {{"PathPrefix", "/svc/"}, {"Marker", svc.at("Marker")}});
  EXPECT_EQ(strings(next.at("Roles"), "RoleName"), (std::vector<std::string>{"c"}));
  EXPECT_EQ(next.at("IsTruncated"), false);
  EXPECT_EQ(failure_of("ListRoles", {{"Marker", "garbage"}}), "ValidationError 400");
}

TEST_F(IamTest, UpdatesChangeDescriptionDurationAndTrustPolicy) {
  create_role("r");
  call("UpdateRole", {{"RoleName", "r"}, {"Description", "new"}, {"MaxSessionDuration", 7200}});
  auto doc = R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",)"
             R"("Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}})";
  call("UpdateAssumeRolePolicy", {{"RoleName", "r"}, {"PolicyDocument", doc}});
  auto r = call("GetRole", {{"RoleName", "r"}}).at("Role");
  EXPECT_EQ(r.at("Description"), "new");
  EXPECT_EQ(r.at("MaxSessionDuration"), 7200);
  EXPECT_EQ(r.at("AssumeRolePolicyDocument"), url_encode(doc));
  EXPECT_EQ(failure_of("UpdateAssumeRolePolicy", {{"RoleName", "r"}, {"PolicyDocument", "[]"}}),
            "MalformedPolicyDocument 400");
  EXPECT_EQ(failure_of("UpdateRole", {{"RoleName", "nope"}}), "NoSuchEntity 404");
}

TEST_F(IamTest, TagsAreMergedByKeyWithoutRegardToCase) {
  create_role("r", {{"Tags", {{{"Key", "env"}, {"Value", "dev"}}}}});
  call("TagRole",
       {{"RoleName", "r"},
        {"Tags", {{{"Key", "ENV"}, {"Value", "prod"}}, {{"Key", "team"}, {"Value", "x"}}}}});
  auto tags = call("ListRoleTags", {{"RoleName", "r"}}).at("Tags");
  EXPECT_EQ(strings(tags, "Value"), (std::vector<std::string>{"prod", "x"}));
  call("UntagRole", {{"RoleName", "r"}, {"TagKeys", {"Team"}}});
  EXPECT_EQ(call("ListRoleTags", {{"RoleName", "r"}}).at("Tags").size(), 1u);
  EXPECT_EQ(call("GetRole", {{"RoleName", "r"}}).at("Role").at("Tags").size(), 1u);
  EXPECT_EQ(
      failure_of("TagRole",
                 {{"RoleName", "r"},
                  {"Tags", {{{"Key", "a"}, {"Value", "1"}}, {{"Key", "A"}, {"Value", "2"}}}}}),
      "InvalidInput 400");
}

TEST_F(IamTest, DeleteRoleConflictsWhileAnythingHoldsIt) {
  create_role("r");
  call("PutRolePolicy", {{"RoleName", "r"}, {"PolicyName", "p"}, {"PolicyDocument", read_policy}});
  EXPECT_EQ(failure_of("DeleteRole", {{"RoleName", "r"}}), "DeleteConflict 409");
  call("DeleteRolePolicy", {{"RoleName", "r"}, {"PolicyName", "p"}});
  auto arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
  call("AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}});
  EXPECT_EQ(failure_of("DeleteRole", {{"RoleName", "r"}}), "DeleteConflict 409");
  call("DetachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}});
  call("CreateInstanceProfile", {{"InstanceProfileName", "ip"}});
  call("AddRoleToInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "r"}});
  EXPECT_EQ(failure_of("DeleteRole", {{"RoleName", "r"}}), "DeleteConflict 409");
  call("RemoveRoleFromInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "r"}});
  call("DeleteRole", {{"RoleName", "r"}});
  EXPECT_EQ(failure_of("GetRole", {{"RoleName", "r"}}), "NoSuchEntity 404");
  EXPECT_EQ(failure_of("DeleteRole", {{"RoleName", "r"}}), "NoSuchEntity 404");
}

}  // namespace
}  // namespace minecs::iam
