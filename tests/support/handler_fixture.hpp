#pragma once
// Calls a service's handlers as the dispatcher would, over an in-memory store, a clock the test
// sets and seeded ids: what the handler tests of a service start from. The test registers the
// handlers it needs in table_; with model_ set, inputs are validated against the service's model
// first, as the dispatcher does.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "manual_clock.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/store/database.hpp"

namespace minecs::test_support {

class handler_fixture : public ::testing::Test {
 protected:
  explicit handler_fixture(std::uint64_t seed = 1) : ids_(seed) {}

  json call(const std::string& op, const json& input) {
    if (model_) {
      model_->validate_input(op, input);
    }
    const auto* h = table_.find(op);
    if (h == nullptr) {
      ADD_FAILURE() << "no handler for " << op;
      return {};
    }
    api::request_context ctx{db_, clock_, ids_, scope_, "req-1", access_key_id_};
    return (*h)(ctx, input);
  }

  // The error code and message a call fails with; empty when it succeeds.
  std::pair<std::string, std::string> error_of(const std::string& op, const json& input) {
    try {
      call(op, input);
    } catch (const service_error& e) {
      return {e.code(), e.what()};
    }
    return {};
  }

  // The AWS error code a call fails with, or "" when it succeeds.
  std::string code_of(const std::string& op, const json& input) {
    return error_of(op, input).first;
  }

  // "<code> <HTTP status>" of the call's error, or "" when it succeeds.
  std::string failure_of(const std::string& op, const json& input) {
    try {
      call(op, input);
    } catch (const service_error& e) {
      return e.code() + " " + std::to_string(e.http_status());
    }
    return "";
  }

  store::database db_{":memory:"};
  manual_clock clock_;
  random_ids ids_;
  std::shared_ptr<const model::api_model> model_;
  api::handler_table table_;
  scope scope_{"us-east-1", "000000000000"};
  std::string access_key_id_;  // the request's SigV4 key id; empty: unsigned
};

}  // namespace minecs::test_support
