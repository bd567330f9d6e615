#pragma once
#include <functional>

#include "minecs/api/dispatcher.hpp"
#include "minecs/core/json.hpp"
#include "minecs/server/http_server.hpp"

namespace minecs::api {

struct router_hooks {
  // POST /_minecs/reset (and moto's /moto-api/reset): wipe all state.
  std::function<void()> reset;
};

// The AWS endpoint on HTTP: POST / goes to the dispatcher; GET /health answers readiness; the
// reset paths call the hook. Every reply carries x-amzn-RequestId.
// Logs one line per request at info: operation, status, duration, request id.
server::request_handler make_router(const dispatcher& dispatcher, router_hooks hooks);

// The endpoint's answer to a request the HTTP server could not hand over, as an AWS error
// (RequestEntityTooLargeException, SerializationException, ServerException).
server::failure_reply aws_failure_reply();

}  // namespace minecs::api
