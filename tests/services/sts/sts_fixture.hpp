#pragma once
#include <gtest/gtest.h>

#include <string>

#include "handler_fixture.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/sts.hpp"
#include "minecs/store/database.hpp"

namespace minecs::sts {

// STS's handlers with their model's validation, on handler_fixture's store and clock, signed
// with the key in access_key_id_.
class StsTest : public test_support::handler_fixture {
 protected:
  explicit StsTest(options opts = {}) : handler_fixture(5) {
    model_ = model::api_model::sts();
    access_key_id_ = "AKIAIOSFODNN7EXAMPLE";
    register_handlers(table_, opts);
  }

  json assume(const std::string& arn, const std::string& session, json extra = json::object()) {
    extra["RoleArn"] = arn;
    extra["RoleSessionName"] = session;
    return call("AssumeRole", extra);
  }
};

}  // namespace minecs::sts
