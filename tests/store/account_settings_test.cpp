#include "minecs/store/account_settings.hpp"

#include <gtest/gtest.h>

namespace minecs::store {
namespace {

const std::string root = "arn:aws:iam::000000000000:root";
const std::string user = "arn:aws:iam::000000000000:user/alice";

class AccountSettingsTest : public ::testing::Test {
 protected:
  database db{":memory:"};

  void put(const std::string& region, const std::string& principal, const std::string& name,
           const std::string& value) {
    db.write([&] { put_account_setting(db, region, {name, value, principal}); });
  }
  std::vector<std::string> names_values(const std::string& region, const std::string& principal) {
    return db.read([&] {
      std::vector<std::string> out;
      for (const auto& s : account_settings_of(db, region, principal)) {
        EXPECT_EQ(s.principal_arn, principal);
        out.push_back(s.name + "=" + s.value);
      }
      return out;
    });
  }
  bool erase(const std::string& region, const std::string& principal, const std::string& name) {
    return db.write([&] { return delete_account_setting(db, region, principal, name); });
  }
};

TEST_F(AccountSettingsTest, PutListsSortedByName) {
  put("us-east-1", root, "taskLongArnFormat", "enabled");
  put("us-east-1", root, "containerInsights", "enabled");
  EXPECT_EQ(names_values("us-east-1", root),
            (std::vector<std::string>{"containerInsights=enabled", "taskLongArnFormat=enabled"}));
}

TEST_F(AccountSettingsTest, PutOverwrites) {
  put("us-east-1", root, "containerInsights", "enabled");
  put("us-east-1", root, "containerInsights", "disabled");
  EXPECT_EQ(names_values("us-east-1", root),
            (std::vector<std::string>{"containerInsights=disabled"}));
}

TEST_F(AccountSettingsTest, ScopedByRegionAndPrincipal) {
  put("us-east-1", root, "containerInsights", "enabled");
  put("us-east-1", user, "containerInsights", "disabled");
  put("eu-west-1", root, "containerInsights", "enhanced");
  EXPECT_EQ(names_values("us-east-1", root),
            (std::vector<std::string>{"containerInsights=enabled"}));
  EXPECT_EQ(names_values("us-east-1", user),
            (std::vector<std::string>{"containerInsights=disabled"}));
  EXPECT_EQ(names_values("eu-west-1", root),
            (std::vector<std::string>{"containerInsights=enhanced"}));
  EXPECT_TRUE(names_values("eu-west-1", user).empty());
}

TEST_F(AccountSettingsTest, DeleteReportsWhetherARowWentAway) {
  put("us-east-1", root, "containerInsights", "enabled");
  put("us-east-1", user, "containerInsights", "enabled");
  EXPECT_FALSE(erase("us-east-1", root, "taskLongArnFormat"));
  EXPECT_FALSE(erase("eu-west-1", root, "containerInsights"));
  EXPECT_TRUE(erase("us-east-1", root, "containerInsights"));
  EXPECT_FALSE(erase("us-east-1", root, "containerInsights"));
  EXPECT_TRUE(names_values("us-east-1", root).empty());
  EXPECT_EQ(names_values("us-east-1", user).size(), 1u);
}

}  // namespace
}  // namespace minecs::store
