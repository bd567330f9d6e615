#include <gtest/gtest.h>

#include "minecs/store/log_captures.hpp"

namespace minecs::store {
namespace {

log_capture capture(bool create_group = false) {
  log_capture c;
  c.container_id = "c1";
  c.task_arn = "arn:task";
  c.region = "us-east-1";
  c.group = "/g";
  c.stream = "p/app/t1";
  c.create_group = create_group;
  return c;
}

std::vector<log_event> events_of(database& db, const std::string& stream) {
  return db.read([&] {
    auto g = find_log_group(db, "us-east-1", "/g");
    auto s = find_log_stream(db, g->id, stream);
    return stream_events_after(db, s->id, {}, event_position::first(), 100);
  });
}

TEST(LogCapturesTest, AMissingGroupOpensNothing) {
  database db(":memory:");
  auto outcome = db.write([&] { return open_log_capture(db, capture(), 5); });
  EXPECT_EQ(outcome, append_outcome::group_missing);
  db.read([&] {
    EXPECT_FALSE(find_log_group(db, "us-east-1", "/g"));
    EXPECT_TRUE(list_log_captures(db).empty());
  });
}

TEST(LogCapturesTest, OpeningCreatesGroupAndStreamAndKeepsAnExistingCursor) {
  database db(":memory:");
  EXPECT_EQ(db.write([&] { return open_log_capture(db, capture(true), 5); }),
            append_outcome::appended);
  store_captured(db, {{"c1", {{10, "x"}}, 10'000'000, 1, false}}, 6);
  EXPECT_EQ(db.write([&] { return open_log_capture(db, capture(true), 7); }),
            append_outcome::appended);
  db.read([&] {
    auto g = find_log_group(db, "us-east-1", "/g");
    ASSERT_TRUE(g);
    EXPECT_EQ(g->created_ms, 5);
    EXPECT_TRUE(find_log_stream(db, g->id, "p/app/t1"));
    auto c = find_log_capture(db, "c1");
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->create_group);
    EXPECT_EQ(c->cursor_ns, 10'000'000);
    EXPECT_EQ(c->cursor_count, 1);
  });
}

TEST(LogCapturesTest, EventsAndCursorMoveTogetherAndFinishingDropsTheRow) {
  database db(":memory:");
  db.write([&] { open_log_capture(db, capture(true), 5); });
  auto out = store_captured(db, {{"c1", {{10, "a"}, {11, "b"}}, 11'000'000, 1, false}}, 20);
  EXPECT_EQ(out, std::vector<append_outcome>{append_outcome::appended});
  EXPECT_EQ(db.read([&] { return find_log_capture(db, "c1")->cursor_ns; }), 11'000'000);
  store_captured(db, {{"c1", {{12, "c"}}, 12'000'000, 1, true}}, 21);
  EXPECT_FALSE(db.read([&] { return find_log_capture(db, "c1"); }));
  auto events = events_of(db, "p/app/t1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].message, "a");
  EXPECT_EQ(events[2].message, "c");
  EXPECT_EQ(events[2].ingestion_ms, 21);
  // A batch for a capture that is gone (a reset came between) stores nothing.
  store_captured(db, {{"c1", {{13, "late"}}, 13'000'000, 1, false}}, 22);
  EXPECT_EQ(events_of(db, "p/app/t1").size(), 3u);
}

TEST(LogCapturesTest, AVanishedGroupIsRecreatedOnlyWithCreateGroup) {
  database db(":memory:");
  db.write([&] { open_log_capture(db, capture(true), 5); });
  db.write([&] { delete_log_group(db, find_log_group(db, "us-east-1", "/g")->id); });
  auto out = store_captured(db, {{"c1", {{10, "a"}}, 10'000'000, 1, false}}, 20);
  EXPECT_EQ(out, std::vector<append_outcome>{append_outcome::appended});
  EXPECT_EQ(events_of(db, "p/app/t1").size(), 1u);

  database db2(":memory:");
  db2.write([&] {
    log_group g;
    g.region = "us-east-1";
    g.name = "/g";
    insert_log_group(db2, g);
    open_log_capture(db2, capture(false), 5);
    delete_log_group(db2, g.id);
  });
  out = store_captured(db2, {{"c1", {{10, "a"}}, 10'000'000, 1, false}}, 20);
  EXPECT_EQ(out, std::vector<append_outcome>{append_outcome::group_missing});
  EXPECT_EQ(db2.read([&] { return find_log_capture(db2, "c1")->cursor_ns; }), 10'000'000);
}

}  // namespace
}  // namespace minecs::store
