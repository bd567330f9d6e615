#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "handler_fixture.hpp"
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

// IAM's handlers with their model's validation, on handler_fixture's store and clock, in an
// account of its own.
class IamTest : public test_support::handler_fixture {
 protected:
  IamTest() : handler_fixture(3) {
    model_ = model::api_model::iam();
    scope_.account = "123456789012";
    register_handlers(table_);
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
};

}  // namespace minecs::iam
