#pragma once
#include <functional>

#include "minecs/api/dispatcher.hpp"
#include "minecs/core/json.hpp"
#include "minecs/server/http_server.hpp"

namespace minecs::server {

struct router_hooks {
  // POST /_minecs/reset (and moto's /moto-api/reset): wipe all state.
  std::function<void()> reset;
  // GET /_minecs/services: what minecs exposes for services (load balancer URLs); absent → [].
  std::function<json()> services;
};

// POST / goes to the dispatcher; GET /health answers readiness; the reset paths and
// GET /_minecs/services call the hooks.
// Logs one line per request at info: operation, status, duration, request id.
request_handler make_router(const api::dispatcher& dispatcher, router_hooks hooks);

}  // namespace minecs::server
