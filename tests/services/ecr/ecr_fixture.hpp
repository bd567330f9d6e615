#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "handler_fixture.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/services/ecr.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/ecr_records.hpp"

namespace minecs::ecr {

// The ECR handlers with their model's validation, on handler_fixture's store and clock; images
// are recorded as the registry proxy records a push.
class EcrTest : public test_support::handler_fixture {
 protected:
  EcrTest() : handler_fixture(7) {
    model_ = model::api_model::ecr();
    options opts;
    opts.registry_endpoint = [] { return std::string("127.0.0.1:5123"); };
    register_handlers(table_, opts);
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
};

}  // namespace minecs::ecr
