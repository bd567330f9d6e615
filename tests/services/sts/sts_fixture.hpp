#pragma once
#include <gtest/gtest.h>

#include <string>

#include "manual_clock.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/sts.hpp"
#include "minecs/store/database.hpp"

namespace minecs::sts {

// Calls STS's handlers as the dispatcher does (model validation first), signed with key_.
class StsTest : public ::testing::Test {
 protected:
  explicit StsTest(options opts = {}) : ids_(5), model_(model::api_model::sts()) {
    register_handlers(table_, opts);
  }

  json call(const std::string& op, const json& input) {
    model_->validate_input(op, input);
    const auto* h = table_.find(op);
    if (h == nullptr) {
      ADD_FAILURE() << "no handler for " << op;
      return {};
    }
    api::request_context ctx{db_, clock_, ids_, scope{"us-east-1", "000000000000"}, "req", key_};
    return (*h)(ctx, input);
  }

  // "<code> <status>" of the call's error, or "" when it succeeds.
  std::string error_of(const std::string& op, const json& input) {
    try {
      call(op, input);
    } catch (const service_error& e) {
      return e.code() + " " + std::to_string(e.http_status());
    }
    return "";
  }

  json assume(const std::string& arn, const std::string& session, json extra = json::object()) {
    extra["RoleArn"] = arn;
    extra["RoleSessionName"] = session;
    return call("AssumeRole", extra);
  }

  store::database db_{":memory:"};
  manual_clock clock_;
  random_ids ids_;
  std::shared_ptr<const model::api_model> model_;
  api::handler_table table_;
  std::string key_ = "AKIAIOSFODNN7EXAMPLE";
};

}  // namespace minecs::sts
