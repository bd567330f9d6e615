#pragma once
#include <gtest/gtest.h>

#include <string>

#include "manual_clock.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/ecr.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/ecr_records.hpp"

namespace minecs::ecr {

// Calls handlers as the dispatcher does (model validation first) on an in-memory store with a
// manual clock; images are recorded as the registry proxy records a push.
class EcrTest : public ::testing::Test {
 protected:
  EcrTest() : db_(":memory:"), ids_(7), model_(model::api_model::ecr()) {
    options opts;
    opts.registry_endpoint = [] { return std::string("127.0.0.1:5123"); };
    register_handlers(table_, opts);
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

  json create(const std::string& name, json extra = json::object()) {
    extra["repositoryName"] = name;
    return call("CreateRepository", extra);
  }

  // An image as a push leaves it: manifest bytes, digest, tags.
  void pushed(const std::string& repo, const std::string& digest, std::vector<std::string> tags,
              double at) {
    store::ecr_image i;
    i.region = "us-east-1";
    i.repository = repo;
    i.digest = digest;
    i.tags = tags;
    i.registry_tags = tags;
    i.manifest = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                 R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":10},)"
                 R"("layers":[{"size":100}],"d":")" +
                 digest + "\"}";
    i.media_type = "application/vnd.oci.image.manifest.v1+json";
    i.size = 110;
    i.pushed_at = at;
    db_.write([&] { store::put_ecr_image(db_, i); });
  }

  store::database db_;
  manual_clock clock_;
  random_ids ids_;
  std::shared_ptr<const model::api_model> model_;
  api::handler_table table_;
};

}  // namespace minecs::ecr
