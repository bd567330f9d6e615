#pragma once
#include <functional>
#include <string>

#include "minecs/api/handler.hpp"

namespace minecs::ecr {

struct options {
  // "host:port" of the registry proxy (minecs/registry/image_store.hpp): repositoryUri's host
  // and GetAuthorizationToken's proxyEndpoint.
  std::function<std::string()> registry_endpoint = [] { return std::string("127.0.0.1:5000"); };
};

// The ECR operations minecs implements; src/app.cpp binds them to the ECR model.
void register_handlers(api::handler_table& table, const options& opts = {});

}  // namespace minecs::ecr
