#pragma once
#include <gtest/gtest.h>

#include <string>

#include "handler_fixture.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/ssm.hpp"
#include "minecs/store/database.hpp"

namespace minecs::ssm {

// The service's handlers with its model's validation, on handler_fixture's store and clock.
class SsmTest : public test_support::handler_fixture {
 protected:
  SsmTest() : handler_fixture(7) {
    model_ = model::api_model::ssm();
    register_handlers(table_);
  }

  json put(const std::string& name, const std::string& value, const std::string& type = "String",
           json extra = json::object()) {
    extra["Name"] = name;
    extra["Value"] = value;
    extra["Type"] = type;
    return call("PutParameter", extra);
  }

  static std::vector<std::string> names(const json& parameters) {
    std::vector<std::string> out;
    for (const auto& p : parameters) {
      out.push_back(p.at("Name").get<std::string>());
    }
    return out;
  }
};

}  // namespace minecs::ssm
