#include "minecs/store/tags.hpp"

#include <gtest/gtest.h>

namespace minecs::store {
namespace {

class TagsTest : public ::testing::Test {
 protected:
  database db{":memory:"};
  const std::string arn = "arn:aws:ecs:us-east-1:000000000000:cluster/prod";
  const std::string other = "arn:aws:ecs:us-east-1:000000000000:cluster/dev";

  std::vector<std::pair<std::string, std::string>> tags(const std::string& of) {
    return db.read([&] {
      std::vector<std::pair<std::string, std::string>> out;
      for (const auto& t : tags_of(db, of)) {
        out.emplace_back(t.key, t.value);
      }
      return out;
    });
  }
  using pairs = std::vector<std::pair<std::string, std::string>>;
};

TEST_F(TagsTest, NoneAtFirst) {
  EXPECT_TRUE(tags(arn).empty());
}

TEST_F(TagsTest, PutKeepsInsertionOrderAndOverwritesValues) {
  db.write([&] { put_tags(db, arn, {{"b", "1"}, {"a", "2"}}); });
  db.write([&] { put_tags(db, arn, {{"b", "3"}, {"c", ""}}); });
  EXPECT_EQ(tags(arn), (pairs{{"b", "3"}, {"a", "2"}, {"c", ""}}));
}

TEST_F(TagsTest, EachResourceUnderAPrefixInTheOrderOfTagsOf) {
  db.write([&] { put_tags(db, arn, {{"b", "1"}, {"a", "2"}}); });
  db.write([&] { put_tags(db, other, {{"z", "9"}}); });
  db.write([&] { put_tags(db, "arn:aws:logs:us-east-1:000000000000:log-group:x", {{"k", "v"}}); });
  auto each =
      db.read([&] { return tags_of_each_under(db, "arn:aws:ecs:us-east-1:000000000000:"); });
  ASSERT_EQ(each.size(), 2u);
  ASSERT_EQ(each[arn].size(), 2u);
  EXPECT_EQ(each[arn][0].key, "b");
  EXPECT_EQ(each[arn][1].key, "a");
  EXPECT_EQ(each[other][0].value, "9");
}

TEST_F(TagsTest, KeysAreCaseSensitive) {
  db.write([&] { put_tags(db, arn, {{"Env", "1"}, {"env", "2"}}); });
  EXPECT_EQ(tags(arn).size(), 2u);
}

TEST_F(TagsTest, RemoveSomeKeysIgnoringUnknownOnes) {
  db.write([&] { put_tags(db, arn, {{"a", "1"}, {"b", "2"}, {"c", "3"}}); });
  db.write([&] { remove_tags(db, arn, {"a", "c", "missing"}); });
  EXPECT_EQ(tags(arn), (pairs{{"b", "2"}}));
}

TEST_F(TagsTest, ResourcesAreIndependent) {
  db.write([&] {
    put_tags(db, arn, {{"a", "1"}});
    put_tags(db, other, {{"a", "other"}});
  });
  db.write([&] { drop_tags(db, arn); });
  EXPECT_TRUE(tags(arn).empty());
  EXPECT_EQ(tags(other), (pairs{{"a", "other"}}));
}

TEST_F(TagsTest, TheLimitCountsKeysAfterThePut) {
  std::vector<tag> fifty;
  for (int i = 0; i < 50; ++i) {
    fifty.push_back({"k" + std::to_string(i), "v"});
  }
  db.write([&] {
    EXPECT_FALSE(exceeds_tag_limit(db, arn, fifty));
    put_tags(db, arn, fifty);
    // Replacing an existing key adds nothing; a new key is the 51st.
    EXPECT_FALSE(exceeds_tag_limit(db, arn, {{"k0", "other"}}));
    EXPECT_TRUE(exceeds_tag_limit(db, arn, {{"new", "v"}}));
    EXPECT_FALSE(exceeds_tag_limit(db, other, {{"new", "v"}}));
  });
}

TEST_F(TagsTest, UnicodeRoundTrips) {
  db.write([&] { put_tags(db, arn, {{"ключ", "値 ✓"}}); });
  EXPECT_EQ(tags(arn), (pairs{{"ключ", "値 ✓"}}));
}

}  // namespace
}  // namespace minecs::store
