#pragma once
#include <gtest/gtest.h>

#include <string>

#include "handler_fixture.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/logs.hpp"
#include "minecs/store/database.hpp"

namespace minecs::logs {

// The service's handlers with its model's validation, on handler_fixture's store and manual
// clock, so that times and tokens are exact.
class LogsTest : public test_support::handler_fixture {
 protected:
  LogsTest() : handler_fixture(7) {
    model_ = model::api_model::logs();
    register_handlers(table_);
  }

  std::int64_t now_ms() const { return static_cast<std::int64_t>(clock_.now() * 1000); }

  void make_stream(const std::string& group, const std::string& stream) {
    if (code_of("DescribeLogStreams", {{"logGroupName", group}}) != "") {
      call("CreateLogGroup", {{"logGroupName", group}});
    }
    call("CreateLogStream", {{"logGroupName", group}, {"logStreamName", stream}});
  }

  // Puts messages "m0".."m<n-1>" one millisecond apart, starting at `start`.
  json put(const std::string& group, const std::string& stream, int n, std::int64_t start,
           const std::string& prefix = "m") {
    json events = json::array();
    for (int i = 0; i < n; ++i) {
      events.push_back({{"timestamp", start + i}, {"message", prefix + std::to_string(i)}});
    }
    return call("PutLogEvents",
                {{"logGroupName", group}, {"logStreamName", stream}, {"logEvents", events}});
  }

  static std::vector<std::string> messages(const json& events) {
    std::vector<std::string> out;
    for (const auto& e : events) {
      out.push_back(e.at("message").get<std::string>());
    }
    return out;
  }
};

}  // namespace minecs::logs
