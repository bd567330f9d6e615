#include "minecs/store/log_events.hpp"
#include "logs_fixture.hpp"

namespace minecs::logs {
namespace {

class EventsTest : public LogsTest {
 protected:
  json get(json input) {
    input["logGroupName"] = "g";
    input["logStreamName"] = "s";
    return call("GetLogEvents", input);
  }
};

TEST_F(EventsTest, PutThenGetRoundTrip) {
  make_stream("g", "s");
  auto r = put("g", "s", 3, now_ms() - 10);
  EXPECT_TRUE(r.contains("nextSequenceToken"));
  EXPECT_FALSE(r.contains("rejectedLogEventsInfo"));
  auto events = get(json::object())["events"];
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["message"], "m0");
  EXPECT_EQ(events[0]["timestamp"], now_ms() - 10);
  EXPECT_EQ(events[0]["ingestionTime"], now_ms());
  EXPECT_EQ(messages(events), (std::vector<std::string>{"m0", "m1", "m2"}));
}

TEST_F(EventsTest, EventsAreReadInTimestampOrderAcrossBatches) {
  make_stream("g", "s");
  put("g", "s", 1, now_ms() - 5, "late");
  put("g", "s", 1, now_ms() - 50, "early");
  EXPECT_EQ(messages(get({{"startFromHead", true}})["events"]),
            (std::vector<std::string>{"early0", "late0"}));
}

TEST_F(EventsTest, PutErrors) {
  EXPECT_EQ(code_of("PutLogEvents", {{"logGroupName", "g"},
                                     {"logStreamName", "s"},
                                     {"logEvents", {{{"timestamp", 1}, {"message", "x"}}}}}),
            "ResourceNotFoundException");
  make_stream("g", "other");
  try {
    put("g", "s", 1, now_ms());
    ADD_FAILURE();
  } catch (const service_error& e) {
    EXPECT_EQ(e.code(), "ResourceNotFoundException");
    EXPECT_STREQ(e.what(), "The specified log stream does not exist.");
  }
  make_stream("g", "s");
  auto t = now_ms();
  json unordered{{{"timestamp", t}, {"message", "b"}}, {{"timestamp", t - 1}, {"message", "a"}}};
  EXPECT_EQ(code_of("PutLogEvents",
                    {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", unordered}}),
            "InvalidParameterException");
  json wide{{{"timestamp", t - 25 * 3'600'000LL}, {"message", "a"}},
            {{"timestamp", t}, {"message", "b"}}};
  EXPECT_EQ(
      code_of("PutLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", wide}}),
      "InvalidParameterException");
  json big{{{"timestamp", t}, {"message", std::string(1'048'576, 'x')}}};
  EXPECT_EQ(
      code_of("PutLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", big}}),
      "InvalidParameterException");
  // The sequence token is accepted and ignored, whatever it is.
  auto r = call("PutLogEvents", {{"logGroupName", "g"},
                                 {"logStreamName", "s"},
                                 {"sequenceToken", "bogus"},
                                 {"logEvents", {{{"timestamp", t}, {"message", "ok"}}}}});
  EXPECT_TRUE(r.contains("nextSequenceToken"));
}

TEST_F(EventsTest, TooOldAndTooNewAreRejectedAndTheRestStored) {
  make_stream("g", "s");
  auto t = now_ms();
  auto day = 86'400'000LL;
  json events{{{"timestamp", t - 14 * day - 3'600'000}, {"message", "ancient"}},
              {{"timestamp", t - 14 * day - 3'599'999}, {"message", "ancient2"}},
              {{"timestamp", t - 14 * day + 3'600'000}, {"message", "kept1"}},
              {{"timestamp", t - 14 * day + 3'600'001}, {"message", "kept2"}}};
  auto r =
      call("PutLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", events}});
  EXPECT_EQ(r["rejectedLogEventsInfo"], json({{"tooOldLogEventEndIndex", 1}}));
  json future{{{"timestamp", t}, {"message", "now"}},
              {{"timestamp", t + 3 * 3'600'000}, {"message", "future"}}};
  r = call("PutLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", future}});
  EXPECT_EQ(r["rejectedLogEventsInfo"], json({{"tooNewLogEventStartIndex", 1}}));
  EXPECT_EQ(messages(get({{"startFromHead", true}})["events"]),
            (std::vector<std::string>{"kept1", "kept2", "now"}));

  call("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 1}});
  json mixed{{{"timestamp", t - day - 3'600'000}, {"message", "expired"}},
             {{"timestamp", t - day + 3'600'000}, {"message", "fresh"}}};
  r = call("PutLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", mixed}});
  EXPECT_EQ(r["rejectedLogEventsInfo"], json({{"expiredLogEventEndIndex", 0}}));
}

TEST_F(EventsTest, DefaultReadsTheTailAndTokensPageBothWays) {
  make_stream("g", "s");
  put("g", "s", 10, now_ms() - 100);
  // startFromHead defaults to false: the last `limit` events, oldest first.
  auto tail = get({{"limit", 3}});
  EXPECT_EQ(messages(tail["events"]), (std::vector<std::string>{"m7", "m8", "m9"}));
  ASSERT_TRUE(tail["nextBackwardToken"].get<std::string>().starts_with("b/"));
  ASSERT_TRUE(tail["nextForwardToken"].get<std::string>().starts_with("f/"));

  // Backward to the head.
  std::vector<std::string> seen = messages(tail["events"]);
  auto token = tail["nextBackwardToken"];
  while (true) {
    auto page = get({{"limit", 3}, {"nextToken", token}});
    if (page["events"].empty()) {
      EXPECT_EQ(page["nextBackwardToken"], token);  // the end repeats the token
      break;
    }
    auto m = messages(page["events"]);
    seen.insert(seen.begin(), m.begin(), m.end());
    token = page["nextBackwardToken"];
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen.front(), "m0");

  // Forward from the tail: nothing new, the same token comes back; then new events appear.
  auto forward = tail["nextForwardToken"];
  auto idle = get({{"nextToken", forward}});
  EXPECT_TRUE(idle["events"].empty());
  EXPECT_EQ(idle["nextForwardToken"], forward);
  EXPECT_EQ(get({{"nextToken", forward}})["nextForwardToken"], forward);
  // The backward token of an idle forward read still reaches the events already seen.
  EXPECT_EQ(messages(get({{"nextToken", idle["nextBackwardToken"]}, {"limit", 1}})["events"]),
            (std::vector<std::string>{"m9"}));

  clock_.advance(1);
  put("g", "s", 2, now_ms(), "n");
  auto fresh = get({{"nextToken", forward}});
  EXPECT_EQ(messages(fresh["events"]), (std::vector<std::string>{"n0", "n1"}));
  EXPECT_NE(fresh["nextForwardToken"], forward);
}

TEST_F(EventsTest, StartFromHeadPagesForward) {
  make_stream("g", "s");
  put("g", "s", 5, now_ms() - 100);
  auto page = get({{"startFromHead", true}, {"limit", 2}});
  EXPECT_EQ(messages(page["events"]), (std::vector<std::string>{"m0", "m1"}));
  page = get({{"nextToken", page["nextForwardToken"]}, {"limit", 2}});
  EXPECT_EQ(messages(page["events"]), (std::vector<std::string>{"m2", "m3"}));
  page = get({{"nextToken", page["nextForwardToken"]}, {"limit", 2}});
  EXPECT_EQ(messages(page["events"]), (std::vector<std::string>{"m4"}));
  auto end = page["nextForwardToken"];
  EXPECT_EQ(get({{"nextToken", end}})["nextForwardToken"], end);
}

TEST_F(EventsTest, TimeWindowIsStartInclusiveEndExclusive) {
  make_stream("g", "s");
  auto t = now_ms() - 100;
  put("g", "s", 5, t);
  EXPECT_EQ(messages(get({{"startTime", t + 1}, {"endTime", t + 3}})["events"]),
            (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(code_of("GetLogEvents",
                    {{"logGroupName", "g"}, {"logStreamName", "s"}, {"nextToken", "f/12"}}),
            "InvalidParameterException");
  EXPECT_EQ(code_of("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "x"}}),
            "ResourceNotFoundException");
  EXPECT_EQ(code_of("GetLogEvents", {{"logGroupName", "x"}, {"logStreamName", "s"}}),
            "ResourceNotFoundException");
}

TEST_F(EventsTest, EmptyStreamGivesTokensThatLaterFindEvents) {
  make_stream("g", "s");
  auto empty = get(json::object());
  EXPECT_TRUE(empty["events"].empty());
  auto forward = empty["nextForwardToken"];
  EXPECT_EQ(get({{"nextToken", forward}})["nextForwardToken"], forward);
  put("g", "s", 1, now_ms());
  EXPECT_EQ(messages(get({{"nextToken", forward}})["events"]), (std::vector<std::string>{"m0"}));
}

TEST_F(EventsTest, StoreAppendCreatesStreamAndHonoursMissingGroup) {
  std::vector<store::log_event_in> lines{{now_ms(), "hello"}, {now_ms(), "world"}};
  EXPECT_EQ(store::append_log_events(db_, "us-east-1", "/ecs/app", "ecs/web/abc", lines, now_ms()),
            store::append_outcome::group_missing);
  EXPECT_TRUE(call("DescribeLogGroups", json::object())["logGroups"].empty());

  EXPECT_EQ(
      store::append_log_events(db_, "us-east-1", "/ecs/app", "ecs/web/abc", lines, now_ms(), true),
      store::append_outcome::appended);
  call("CreateLogStream", {{"logGroupName", "/ecs/app"}, {"logStreamName", "other"}});
  EXPECT_EQ(store::append_log_events(db_, "us-east-1", "/ecs/app", "other", lines, now_ms()),
            store::append_outcome::appended);
  auto r = call("GetLogEvents", {{"logGroupName", "/ecs/app"}, {"logStreamName", "ecs/web/abc"}});
  EXPECT_EQ(messages(r["events"]), (std::vector<std::string>{"hello", "world"}));
  // Another region is another service: nothing of us-east-1 is there.
  EXPECT_EQ(store::append_log_events(db_, "eu-west-1", "/ecs/app", "x", lines, now_ms()),
            store::append_outcome::group_missing);
}

}  // namespace
}  // namespace minecs::logs
