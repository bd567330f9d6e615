#include "minecs/store/task_definitions.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "temp_dir.hpp"

namespace minecs::store {
namespace {

using test_support::temp_dir;

const std::string region = "us-east-1";

// Registers the next revision of `family` with `status`, as RegisterTaskDefinition does.
long add(database& db, const std::string& family, const std::string& status = "ACTIVE",
         const std::string& in_region = region) {
  return db.write([&] {
    task_definition_record td;
    td.region = in_region;
    td.family = family;
    td.revision = next_task_definition_revision(db, in_region, family);
    td.arn = "arn:aws:ecs:" + in_region + ":000000000000:task-definition/" + family + ":" +
             std::to_string(td.revision);
    td.status = status;
    td.body = {{"family", family}, {"containerDefinitions", json::array()}};
    td.registered_at = 1700000000.5;
    td.registered_by = "arn:aws:iam::000000000000:root";
    if (status != "ACTIVE") {
      td.deregistered_at = 1700000100.0;
    }
    save_task_definition(db, td);
    return td.revision;
  });
}

void set_status(database& db, const std::string& family, long revision, const std::string& status) {
  db.write([&] {
    auto td = find_task_definition(db, region, family, revision);
    ASSERT_TRUE(td);
    td->status = status;
    save_task_definition(db, *td);
  });
}

std::vector<std::string> keys(const std::vector<task_definition_key>& ks) {
  std::vector<std::string> out;
  for (const auto& k : ks) {
    out.push_back(k.family + ":" + std::to_string(k.revision));
  }
  return out;
}

using strings = std::vector<std::string>;

TEST(TaskDefinitions, RevisionsCountFromOnePerFamily) {
  database db(":memory:");
  EXPECT_EQ(add(db, "web"), 1);
  EXPECT_EQ(add(db, "web"), 2);
  EXPECT_EQ(add(db, "worker"), 1);
  EXPECT_EQ(add(db, "web", "ACTIVE", "eu-west-1"), 1);
  EXPECT_EQ(add(db, "web"), 3);
}

TEST(TaskDefinitions, RoundTripsARecord) {
  database db(":memory:");
  add(db, "web", "INACTIVE");
  auto td = db.read([&] { return find_task_definition(db, region, "web", 1); });
  ASSERT_TRUE(td);
  EXPECT_EQ(td->family, "web");
  EXPECT_EQ(td->revision, 1);
  EXPECT_EQ(td->arn, "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
  EXPECT_EQ(td->status, "INACTIVE");
  EXPECT_EQ(td->body["family"], "web");
  EXPECT_DOUBLE_EQ(td->registered_at, 1700000000.5);
  EXPECT_EQ(td->registered_by, "arn:aws:iam::000000000000:root");
  ASSERT_TRUE(td->deregistered_at);
  EXPECT_DOUBLE_EQ(*td->deregistered_at, 1700000100.0);
  EXPECT_FALSE(td->delete_requested_at);
  EXPECT_FALSE(db.read([&] { return find_task_definition(db, region, "web", 2); }));
  EXPECT_FALSE(db.read([&] { return find_task_definition(db, "eu-west-1", "web", 1); }));
}

TEST(TaskDefinitions, NumberingContinuesAfterErase) {
  database db(":memory:");
  add(db, "web");
  add(db, "web");
  db.write([&] {
    erase_task_definition(db, region, "web", 2);
    erase_task_definition(db, region, "web", 1);
  });
  EXPECT_FALSE(db.read([&] { return find_task_definition(db, region, "web", 2); }));
  EXPECT_EQ(add(db, "web"), 3);
}

TEST(TaskDefinitions, NumberingContinuesAfterReopen) {
  temp_dir dir;
  auto path = dir.file("minecs.db");
  {
    database db(path);
    add(db, "web");
    add(db, "web");
    db.write([&] { erase_task_definition(db, region, "web", 2); });
  }
  database db(path);
  EXPECT_EQ(add(db, "web"), 3);
  EXPECT_TRUE(db.read([&] { return find_task_definition(db, region, "web", 1); }));
}

TEST(TaskDefinitions, ARolledBackRegistrationDoesNotConsumeARevision) {
  database db(":memory:");
  add(db, "web");
  EXPECT_THROW(db.write([&] {
    next_task_definition_revision(db, region, "web");
    throw std::runtime_error("validation failed");
  }),
               std::runtime_error);
  EXPECT_EQ(add(db, "web"), 2);
}

TEST(TaskDefinitions, LatestActive) {
  database db(":memory:");
  add(db, "web");
  add(db, "web");
  add(db, "web", "INACTIVE");
  auto latest = db.read([&] { return find_latest_active_task_definition(db, region, "web"); });
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->revision, 2);
  set_status(db, "web", 1, "INACTIVE");
  set_status(db, "web", 2, "INACTIVE");
  EXPECT_FALSE(db.read([&] { return find_latest_active_task_definition(db, region, "web"); }));
}

class TaskDefinitionListing : public ::testing::Test {
 protected:
  database db{":memory:"};

  void SetUp() override {
    // web:1..3, web-api:1..2, api:1; web:2 is INACTIVE.
    for (const char* family : {"web", "web-api", "api", "web", "web-api", "web"}) {
      add(db, family);
    }
    set_status(db, "web", 2, "INACTIVE");
    add(db, "web", "ACTIVE", "eu-west-1");
  }

  strings list(task_definition_query q) {
    q.region = q.region.empty() ? region : q.region;
    return keys(db.read([&] { return list_task_definitions(db, q); }));
  }
};

TEST_F(TaskDefinitionListing, AscendingByFamilyThenRevision) {
  EXPECT_EQ(list({}), (strings{"api:1", "web:1", "web:2", "web:3", "web-api:1", "web-api:2"}));
}

TEST_F(TaskDefinitionListing, Descending) {
  task_definition_query q;
  q.descending = true;
  EXPECT_EQ(list(q), (strings{"web-api:2", "web-api:1", "web:3", "web:2", "web:1", "api:1"}));
}

TEST_F(TaskDefinitionListing, CursorPagesAscending) {
  task_definition_query q;
  q.limit = 2;
  strings all;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = db.read([&] {
      auto qq = q;
      qq.region = region;
      return list_task_definitions(db, qq);
    });
    for (const auto& k : keys(page)) {
      all.push_back(k);
    }
    if (page.size() < 2) {
      break;
    }
    q.after = page.back();
  }
  EXPECT_EQ(all, (strings{"api:1", "web:1", "web:2", "web:3", "web-api:1", "web-api:2"}));
}

TEST_F(TaskDefinitionListing, CursorPagesDescending) {
  task_definition_query q;
  q.descending = true;
  q.limit = 4;
  auto first = list(q);
  EXPECT_EQ(first, (strings{"web-api:2", "web-api:1", "web:3", "web:2"}));
  q.after = task_definition_key{"web", 2};
  EXPECT_EQ(list(q), (strings{"web:1", "api:1"}));
}

TEST_F(TaskDefinitionListing, ByStatus) {
  task_definition_query q;
  q.status = "INACTIVE";
  EXPECT_EQ(list(q), (strings{"web:2"}));
  q.status = "ACTIVE";
  EXPECT_EQ(list(q).size(), 5u);
  q.status = "DELETE_IN_PROGRESS";
  EXPECT_TRUE(list(q).empty());
}

TEST_F(TaskDefinitionListing, ByFamilyPrefixAndExactFamily) {
  task_definition_query q;
  q.family_prefix = "web";
  EXPECT_EQ(list(q), (strings{"web:1", "web:2", "web:3", "web-api:1", "web-api:2"}));
  q.exact_family = true;
  EXPECT_EQ(list(q), (strings{"web:1", "web:2", "web:3"}));
  q.family_prefix = "we";
  EXPECT_TRUE(list(q).empty());
}

TEST_F(TaskDefinitionListing, PrefixIsLiteralAndCaseSensitive) {
  add(db, "w_b");
  task_definition_query q;
  q.family_prefix = "w_";
  EXPECT_EQ(list(q), (strings{"w_b:1"}));
  q.family_prefix = "WEB";
  EXPECT_TRUE(list(q).empty());
  q.family_prefix = "%";
  EXPECT_TRUE(list(q).empty());
}

TEST_F(TaskDefinitionListing, OtherRegion) {
  task_definition_query q;
  q.region = "eu-west-1";
  EXPECT_EQ(list(q), (strings{"web:1"}));
}

TEST_F(TaskDefinitionListing, Families) {
  auto families = [&](const std::string& prefix, const std::string& status,
                      const std::string& after, int limit) {
    return db.read(
        [&] { return list_task_definition_families(db, region, prefix, status, after, limit); });
  };
  EXPECT_EQ(families("", "", "", 100), (strings{"api", "web", "web-api"}));
  EXPECT_EQ(families("", "", "", 2), (strings{"api", "web"}));
  EXPECT_EQ(families("", "", "web", 2), (strings{"web-api"}));
  EXPECT_EQ(families("web", "", "", 100), (strings{"web", "web-api"}));
  EXPECT_EQ(families("", "ACTIVE", "", 100), (strings{"api", "web", "web-api"}));
  // web has an INACTIVE revision but ACTIVE ones too: the family is not INACTIVE.
  EXPECT_TRUE(families("", "INACTIVE", "", 100).empty());

  set_status(db, "api", 1, "INACTIVE");
  EXPECT_EQ(families("", "INACTIVE", "", 100), (strings{"api"}));
  EXPECT_EQ(families("", "ACTIVE", "", 100), (strings{"web", "web-api"}));
  EXPECT_EQ(families("", "", "", 100), (strings{"api", "web", "web-api"}));
}

TEST_F(TaskDefinitionListing, InactiveFamiliesAreJudgedPerRegion) {
  // eu-west-1 has an ACTIVE web; that must not make us-east-1's web ACTIVE.
  for (long r = 1; r <= 3; ++r) {
    set_status(db, "web", r, "INACTIVE");
  }
  auto inactive =
      db.read([&] { return list_task_definition_families(db, region, "", "INACTIVE", "", 100); });
  EXPECT_EQ(inactive, (strings{"web"}));
}

}  // namespace
}  // namespace minecs::store
