#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manual_clock.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/iam.hpp"
#include "minecs/store/database.hpp"

namespace minecs::iam {

inline const std::string trust_policy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
    R"("Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
inline const std::string read_policy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",)"
    R"("Resource":"*"}]})";

// Calls handlers as the dispatcher does (model validation first) on an in-memory store with a
// manual clock.
class IamTest : public ::testing::Test {
 protected:
  IamTest() : db_(":memory:"), ids_(3), model_(model::api_model::iam()) {
    register_handlers(table_);
  }

  json call(const std::string& op, const json& input) {
    model_->validate_input(op, input);
    const auto* h = table_.find(op);
    if (h == nullptr) {
      ADD_FAILURE() << "no handler for " << op;
      return {};
    }
    api::request_context ctx{db_, clock_, ids_, scope{"us-east-1", "123456789012"}, "req"};
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

  json create_role(const std::string& name, json extra = json::object()) {
    extra["RoleName"] = name;
    extra["AssumeRolePolicyDocument"] = trust_policy;
    return call("CreateRole", extra).at("Role");
  }

  json create_policy(const std::string& name, json extra = json::object()) {
    extra["PolicyName"] = name;
    extra["PolicyDocument"] = read_policy;
    return call("CreatePolicy", extra).at("Policy");
  }

  static std::vector<std::string> strings(const json& items, const char* member) {
    std::vector<std::string> out;
    for (const auto& i : items) {
      out.push_back(i.at(member).get<std::string>());
    }
    return out;
  }

  store::database db_;
  manual_clock clock_;
  random_ids ids_;
  std::shared_ptr<const model::api_model> model_;
  api::handler_table table_;
};

}  // namespace minecs::iam
