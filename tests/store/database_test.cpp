#include "minecs/store/database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "migrations.hpp"
#include "temp_dir.hpp"

namespace minecs::store {
namespace {

using test_support::temp_dir;

std::int64_t count(database& db, const std::string& table) {
  return db.read([&] {
    auto st = db.prepare("SELECT count(*) FROM " + table);
    st.step();
    return st.int64(0);
  });
}

void insert_tag(database& db, const std::string& arn, const std::string& key) {
  auto st = db.prepare("INSERT INTO tags (arn, key, value) VALUES (?1, ?2, 'v')");
  st.bind(1, arn).bind(2, key);
  st.run();
}

TEST(Database, FreshFileIsMigratedToTheLatestVersion) {
  temp_dir dir;
  database db(dir.file("minecs.db"));
  EXPECT_EQ(db.schema_version(), static_cast<int>(migrations().size()));
  EXPECT_GE(migrations().size(), 1u);
  for (const char* table :
       {"clusters", "task_definitions", "task_definition_families", "tags", "account_settings"}) {
    EXPECT_EQ(count(db, table), 0) << table;
  }
}

TEST(Database, InMemory) {
  database db(":memory:");
  EXPECT_EQ(db.schema_version(), static_cast<int>(migrations().size()));
}

TEST(Database, ReopeningKeepsDataAndDoesNotMigrateAgain) {
  temp_dir dir;
  auto path = dir.file("minecs.db");
  {
    database db(path);
    db.write([&] { insert_tag(db, "arn:x", "k"); });
  }
  database db(path);
  EXPECT_EQ(db.schema_version(), static_cast<int>(migrations().size()));
  EXPECT_EQ(count(db, "tags"), 1);
}

TEST(Database, ASchemaNewerThanTheBinaryIsRefused) {
  temp_dir dir;
  auto path = dir.file("minecs.db");
  {
    database db(path);
    db.write([&] { db.exec("PRAGMA user_version=" + std::to_string(migrations().size() + 1)); });
  }
  EXPECT_THROW(database{path}, std::runtime_error);
}

TEST(Database, AWriteThatThrowsRollsBack) {
  database db(":memory:");
  db.write([&] { insert_tag(db, "arn:x", "kept"); });
  EXPECT_THROW(db.write([&] {
    insert_tag(db, "arn:x", "a");
    insert_tag(db, "arn:x", "b");
    throw std::runtime_error("handler failed");
  }),
               std::runtime_error);
  EXPECT_EQ(count(db, "tags"), 1);
  // The connection is usable after the rollback.
  db.write([&] { insert_tag(db, "arn:x", "c"); });
  EXPECT_EQ(count(db, "tags"), 2);
}

TEST(Database, AFailedStatementRollsBackTheWholeWrite) {
  database db(":memory:");
  EXPECT_THROW(db.write([&] {
    insert_tag(db, "arn:x", "a");
    insert_tag(db, "arn:x", "a");  // primary key violation
  }),
               std::runtime_error);
  EXPECT_EQ(count(db, "tags"), 0);
}

TEST(Database, ReadReturnsAValue) {
  database db(":memory:");
  auto n = db.read([&] {
    auto st = db.prepare("SELECT 41 + 1");
    st.step();
    return st.int64(0);
  });
  EXPECT_EQ(n, 42);
}

TEST(Database, BadSqlThrows) {
  database db(":memory:");
  EXPECT_THROW(db.read([&] { db.prepare("SELEKT nothing"); }), std::runtime_error);
  EXPECT_THROW(db.write([&] { db.exec("INSERT INTO nowhere VALUES (1)"); }), std::runtime_error);
}

TEST(Database, WritesBumpTheChangeSignalAndReadsDoNot) {
  database db(":memory:");
  auto before = db.changes().generation();
  db.read([] {});
  EXPECT_EQ(db.changes().generation(), before);
  db.write([&] { insert_tag(db, "arn:x", "k"); });
  EXPECT_GT(db.changes().generation(), before);
  auto after_write = db.changes().generation();
  EXPECT_THROW(db.write([]() { throw std::runtime_error("no"); }), std::runtime_error);
  EXPECT_EQ(db.changes().generation(), after_write);
}

TEST(Database, WipeDeletesEveryRowButKeepsTheSchema) {
  temp_dir dir;
  auto path = dir.file("minecs.db");
  database db(path);
  db.write([&] {
    insert_tag(db, "arn:x", "k");
    db.exec(
        "INSERT INTO account_settings (region, principal_arn, name, value) "
        "VALUES ('us-east-1', 'arn:aws:iam::000000000000:root', 'containerInsights', 'enabled')");
  });
  db.wipe();
  EXPECT_EQ(count(db, "tags"), 0);
  EXPECT_EQ(count(db, "account_settings"), 0);
  EXPECT_EQ(db.schema_version(), static_cast<int>(migrations().size()));
  db.write([&] { insert_tag(db, "arn:x", "k"); });
  EXPECT_EQ(count(db, "tags"), 1);
}

TEST(Database, EachDatabaseAndEveryWipeHasItsOwnLineage) {
  database one(":memory:");
  database two(":memory:");
  EXPECT_NE(one.lineage(), two.lineage());
  auto before = one.lineage();
  one.read([] {});
  one.write([] {});
  EXPECT_EQ(one.lineage(), before);
  one.wipe();
  EXPECT_NE(one.lineage(), before);
  EXPECT_NE(one.lineage(), two.lineage());
}

TEST(Database, StatementsBindEveryType) {
  database db(":memory:");
  db.read([&] {
    auto st = db.prepare("SELECT ?1, ?2, ?3, ?4, ?5");
    st.bind(1, std::int64_t{1} << 40)
        .bind(2, 2.5)
        .bind(3, std::string_view("text\0with nul", 13))
        .bind(4, nullptr)
        .bind(5, std::optional<std::string>());
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), std::int64_t{1} << 40);
    EXPECT_DOUBLE_EQ(st.real(1), 2.5);
    EXPECT_EQ(st.text(2), std::string("text\0with nul", 13));
    EXPECT_TRUE(st.is_null(3));
    EXPECT_FALSE(st.opt_text(3));
    EXPECT_FALSE(st.opt_int64(4));
    EXPECT_FALSE(st.opt_real(4));
    EXPECT_FALSE(st.step());
  });
}

TEST(Database, CachedStatementsStartFresh) {
  database db(":memory:");
  // The same SQL prepared twice is one cached statement; the second use must not see the first's
  // bindings or position.
  for (int i = 0; i < 3; ++i) {
    db.read([&] {
      auto st = db.prepare("SELECT ?1");
      if (i == 0) {
        st.bind(1, 7);
      }
      ASSERT_TRUE(st.step());
      if (i == 0) {
        EXPECT_EQ(st.int64(0), 7);
      } else {
        EXPECT_TRUE(st.is_null(0));
      }
    });
  }
}

}  // namespace
}  // namespace minecs::store
