#include <set>

#include "logs_fixture.hpp"

namespace minecs::logs {
namespace {

class FilterTest : public LogsTest {
 protected:
  void SetUp() override {
    make_stream("g", "web/1");
    make_stream("g", "web/2");
    make_stream("g", "worker");
    t0_ = now_ms() - 1000;
    auto at = [&](const std::string& stream, std::int64_t offset, const std::string& message) {
      call("PutLogEvents", {{"logGroupName", "g"},
                            {"logStreamName", stream},
                            {"logEvents", {{{"timestamp", t0_ + offset}, {"message", message}}}}});
    };
    at("web/1", 0, "INFO start");
    at("web/2", 1, "ERROR disk full");
    at("worker", 2, "WARN slow job");
    at("web/1", 3, "ERROR timeout calling db");
    at("worker", 4, "INFO done");
  }

  json filter(json input) {
    input["logGroupName"] = "g";
    return call("FilterLogEvents", input);
  }

  std::int64_t t0_ = 0;
};

TEST_F(FilterTest, InterleavesStreamsInTimeOrder) {
  auto r = filter(json::object());
  EXPECT_EQ(messages(r["events"]),
            (std::vector<std::string>{"INFO start", "ERROR disk full", "WARN slow job",
                                      "ERROR timeout calling db", "INFO done"}));
  EXPECT_FALSE(r.contains("nextToken"));
  const auto& e = r["events"][1];
  EXPECT_EQ(e["logStreamName"], "web/2");
  EXPECT_EQ(e["timestamp"], t0_ + 1);
  EXPECT_EQ(e["ingestionTime"], now_ms());
  EXPECT_TRUE(e["eventId"].is_string());
  EXPECT_EQ(r["searchedLogStreams"].size(), 3u);
  EXPECT_EQ(r["searchedLogStreams"][0]["searchedCompletely"], true);
  std::set<std::string> ids;
  for (const auto& ev : r["events"]) {
    ids.insert(ev["eventId"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 5u);
}

TEST_F(FilterTest, PatternsAndStreamSelection) {
  EXPECT_EQ(messages(filter({{"filterPattern", "ERROR"}})["events"]),
            (std::vector<std::string>{"ERROR disk full", "ERROR timeout calling db"}));
  EXPECT_EQ(messages(filter({{"filterPattern", "ERROR db"}})["events"]),
            (std::vector<std::string>{"ERROR timeout calling db"}));
  EXPECT_EQ(messages(filter({{"filterPattern", "\"disk full\""}})["events"]),
            (std::vector<std::string>{"ERROR disk full"}));
  EXPECT_EQ(messages(filter({{"filterPattern", "?WARN ?timeout"}})["events"]),
            (std::vector<std::string>{"WARN slow job", "ERROR timeout calling db"}));
  EXPECT_EQ(
      messages(filter({{"logStreamNamePrefix", "web/"}, {"filterPattern", "INFO"}})["events"]),
      (std::vector<std::string>{"INFO start"}));
  auto named = filter({{"logStreamNames", {"worker"}}});
  EXPECT_EQ(messages(named["events"]), (std::vector<std::string>{"WARN slow job", "INFO done"}));
  EXPECT_EQ(named["searchedLogStreams"].size(), 1u);
  EXPECT_EQ(code_of("FilterLogEvents", {{"logGroupName", "g"},
                                        {"logStreamNames", {"worker"}},
                                        {"logStreamNamePrefix", "w"}}),
            "InvalidParameterException");
  EXPECT_EQ(code_of("FilterLogEvents", {{"logGroupName", "g"}, {"filterPattern", "{ $.a = 1 }"}}),
            "InvalidParameterException");
  EXPECT_EQ(code_of("FilterLogEvents", {{"logGroupName", "nope"}}), "ResourceNotFoundException");
}

TEST_F(FilterTest, TimeRangeIncludesBothEnds) {
  EXPECT_EQ(
      messages(filter({{"startTime", t0_ + 1}, {"endTime", t0_ + 3}})["events"]),
      (std::vector<std::string>{"ERROR disk full", "WARN slow job", "ERROR timeout calling db"}));
}

TEST_F(FilterTest, LimitAndNextTokenPageThroughMatches) {
  std::vector<std::string> all;
  json input{{"limit", 2}, {"filterPattern", "-WARN"}};
  int pages = 0;
  while (true) {
    auto r = filter(input);
    ++pages;
    auto m = messages(r["events"]);
    all.insert(all.end(), m.begin(), m.end());
    if (!r.contains("nextToken")) {
      break;
    }
    input["nextToken"] = r["nextToken"];
  }
  EXPECT_EQ(all, (std::vector<std::string>{"INFO start", "ERROR disk full",
                                           "ERROR timeout calling db", "INFO done"}));
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(code_of("FilterLogEvents", {{"logGroupName", "g"}, {"nextToken", "nope"}}),
            "InvalidParameterException");
}

}  // namespace
}  // namespace minecs::logs
