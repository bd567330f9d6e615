#pragma once
#include <functional>

#include "minecs/api/dispatcher.hpp"
#include "minecs/server/http_server.hpp"

namespace minecs::server {

struct router_hooks {
  // POST /_minecs/reset (and moto's /moto-api/reset): wipe all state.
  std::function<void()> reset;
};

// POST / goes to the dispatcher; GET /health answers readiness; the reset paths call the hook.
// Logs one line per request at info: operation, status, duration, request id.
request_handler make_router(const api::dispatcher& dispatcher, router_hooks hooks);

}  // namespace minecs::server
