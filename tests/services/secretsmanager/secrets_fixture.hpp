#pragma once
#include <gtest/gtest.h>

#include <string>

#include "manual_clock.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/secretsmanager.hpp"
#include "minecs/store/database.hpp"

namespace minecs::secretsmanager {

// Calls handlers as the dispatcher does (model validation first) on an in-memory store with a
// manual clock.
class SecretsTest : public ::testing::Test {
 protected:
  SecretsTest() : db_(":memory:"), ids_(7), model_(model::api_model::secretsmanager()) {
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

  std::string error_of(const std::string& op, const json& input) {
    try {
      call(op, input);
    } catch (const service_error& e) {
      return e.code();
    }
    return "";
  }

  json create(const std::string& name, const std::string& value) {
    return call("CreateSecret", {{"Name", name}, {"SecretString", value}});
  }

  std::string value_of(const json& input) {
    return call("GetSecretValue", input)["SecretString"].get<std::string>();
  }

  static constexpr double day = 86400.0;

  store::database db_;
  manual_clock clock_;
  random_ids ids_;
  std::shared_ptr<const model::api_model> model_;
  api::handler_table table_;
};

}  // namespace minecs::secretsmanager
