#pragma once
#include <gtest/gtest.h>

#include <string>

#include "manual_clock.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/logs.hpp"
#include "minecs/store/database.hpp"

namespace minecs::logs {

// Calls handlers as the dispatcher does (model validation first) on an in-memory store with a
// manual clock, so that times and tokens are exact.
class LogsTest : public ::testing::Test {
 protected:
  LogsTest() : db_(":memory:"), ids_(7), model_(model::api_model::logs()) {
    register_handlers(table_);
  }

  json call(const std::string& op, const json& input) {
    model_->validate_input(op, input);
    const auto* h = table_.find(op);
    if (h == nullptr) {
      ADD_FAILURE() << "no handler for " << op;
      return {};
    }
    api::request_context ctx{db_, clock_, ids_, scope{"us-east-1", "000000000000"}, "req"};
    return (*h)(ctx, input);
  }

  // The AWS error code the call fails with, or "" when it succeeds.
  std::string error_of(const std::string& op, const json& input) {
    try {
      call(op, input);
    } catch (const service_error& e) {
      return e.code();
    }
    return "";
  }

  std::int64_t now_ms() const { return static_cast<std::int64_t>(clock_.now() * 1000); }

  void make_stream(const std::string& group, const std::string& stream) {
    if (error_of("DescribeLogStreams", {{"logGroupName", group}}) != "") {
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

  store::database db_;
  manual_clock clock_;
  random_ids ids_;
  std::shared_ptr<const model::api_model> model_;
  api::handler_table table_;
};

}  // namespace minecs::logs
