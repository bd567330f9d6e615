#pragma once
#include <gtest/gtest.h>

#include <string>

#include "handler_fixture.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/secretsmanager.hpp"
#include "minecs/store/database.hpp"

namespace minecs::secretsmanager {

// The service's handlers with its model's validation, on handler_fixture's store and clock.
class SecretsTest : public test_support::handler_fixture {
 protected:
  SecretsTest() : handler_fixture(7) {
    model_ = model::api_model::secretsmanager();
    register_handlers(table_);
  }

  json create(const std::string& name, const std::string& value) {
    return call("CreateSecret", {{"Name", name}, {"SecretString", value}});
  }

  std::string value_of(const json& input) {
    return call("GetSecretValue", input)["SecretString"].get<std::string>();
  }

  static constexpr double day = 86400.0;
};

}  // namespace minecs::secretsmanager
