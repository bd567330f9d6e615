#include "pushes.hpp"

#include <gtest/gtest.h>

namespace minecs::registry {
namespace {

class PushesTest : public ::testing::Test {
 protected:
  PushesTest() : db_(":memory:") {
    repo_.region = "us-east-1";
    repo_.name = "app";
    repo_.registry_id = "000000000000";
    db_.write([&] { store::put_ecr_repository(db_, repo_); });
  }

  void push(const std::string& tag, const std::string& digest, const std::string& manifest,
            double at) {
    db_.write([&] { record_push(db_, repo_, tag, digest, manifest, "ct", at); });
  }

  store::ecr_image image(const std::string& digest) {
    return *db_.read([&] { return store::find_ecr_image(db_, "us-east-1", "app", digest); });
  }

  store::database db_;
  store::ecr_repository repo_;
};

TEST_F(PushesTest, AnUnknownRepositoryIsNameUnknown) {
  refusal why;
  auto found = db_.read([&] { return repository_for(db_, "us-east-1", "000000000000", "x", why); });
  EXPECT_FALSE(found);
  EXPECT_EQ(why.status, 404);
  EXPECT_EQ(why.code, "NAME_UNKNOWN");
  EXPECT_TRUE(db_.read([&] { return repository_for(db_, "eu-west-1", "0", "app", why); }));
}

TEST_F(PushesTest, APushRecordsTheImageAndMovesItsTag) {
  push("v1", "sha256:a", R"({"config":{"size":1},"layers":[{"size":2}]})", 10);
  push("v1", "sha256:b", R"({"layers":[{"size":5}]})", 20);
  EXPECT_TRUE(image("sha256:a").tags.empty());
  EXPECT_EQ(image("sha256:b").tags, std::vector<std::string>{"v1"});
  EXPECT_EQ(image("sha256:a").size, 3);
  EXPECT_EQ(image("sha256:a").pushed_at, 10);
  // The same manifest under another tag keeps its first push time.
  push("v2", "sha256:a", R"({"config":{"size":1},"layers":[{"size":2}]})", 30);
  EXPECT_EQ(image("sha256:a").tags, std::vector<std::string>{"v2"});
  EXPECT_EQ(image("sha256:a").pushed_at, 10);
}

TEST_F(PushesTest, AnImmutableTagTakesOnlyItsOwnManifestAgain) {
  repo_.tag_mutability = "IMMUTABLE";
  push("v1", "sha256:a", "manifest-a", 10);
  auto check = [&](const std::string& ref, const std::string& manifest) {
    return db_.read([&] { return check_manifest_push(db_, repo_, ref, manifest); });
  };
  EXPECT_FALSE(check("v1", "manifest-a"));
  auto refused = check("v1", "manifest-b");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code, "TAG_INVALID");
  EXPECT_FALSE(check("v2", "manifest-b"));
  EXPECT_FALSE(check("sha256:b", "manifest-b"));
}

}  // namespace
}  // namespace minecs::registry
