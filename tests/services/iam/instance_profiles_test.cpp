// Instance profiles hold one role at most.
#include "iam_fixture.hpp"

namespace minecs::iam {
namespace {

TEST_F(IamTest, InstanceProfilesHoldOneRole) {
  auto p = call("CreateInstanceProfile", {{"InstanceProfileName", "ip"}, {"Path", "/ecs/"}})
               .at("InstanceProfile");
  EXPECT_EQ(p.at("Arn"), "arn:aws:iam::123456789012:instance-profile/ecs/ip");
  EXPECT_EQ(p.at("InstanceProfileId").get<std::string>().substr(0, 4), "AIPA");
  EXPECT_EQ(p.at("Roles"), json::array());
  EXPECT_EQ(failure_of("CreateInstanceProfile", {{"InstanceProfileName", "IP"}}),
            "EntityAlreadyExists 409");
  create_role("a");
  create_role("b");
  EXPECT_EQ(
      failure_of("AddRoleToInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "x"}}),
      "NoSuchEntity 404");
  call("AddRoleToInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "a"}});
  EXPECT_EQ(
      failure_of("AddRoleToInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "b"}}),
      "LimitExceeded 409");
  auto got = call("GetInstanceProfile", {{"InstanceProfileName", "ip"}}).at("InstanceProfile");
  EXPECT_EQ(strings(got.at("Roles"), "RoleName"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(call("ListInstanceProfilesForRole", {{"RoleName", "a"}}).at("InstanceProfiles").size(),
            1u);
  EXPECT_EQ(call("ListInstanceProfilesForRole", {{"RoleName", "b"}}).at("InstanceProfiles").size(),
            0u);
  EXPECT_EQ(call("ListInstanceProfiles", {{"PathPrefix", "/other/"}}).at("InstanceProfiles").size(),
            0u);
  EXPECT_EQ(failure_of("DeleteInstanceProfile", {{"InstanceProfileName", "ip"}}),
            "DeleteConflict 409");
  EXPECT_EQ(failure_of("RemoveRoleFromInstanceProfile",
                       {{"InstanceProfileName", "ip"}, {"RoleName", "b"}}),
            "NoSuchEntity 404");
  call("RemoveRoleFromInstanceProfile", {{"InstanceProfileName", "ip"}, {"RoleName", "a"}});
  call("DeleteInstanceProfile", {{"InstanceProfileName", "ip"}});
  EXPECT_EQ(failure_of("GetInstanceProfile", {{"InstanceProfileName", "ip"}}), "NoSuchEntity 404");
}

}  // namespace
}  // namespace minecs::iam
