#pragma once
#include <functional>
#include <optional>
#include <string>

#include "minecs/api/dispatcher.hpp"
#include "minecs/core/json.hpp"
#include "minecs/server/http_server.hpp"

namespace minecs::api {

// GET /health's answer: whether minecs can do its work (Docker reachable, or not used).
struct health_report {
  bool ok = true;
  std::string docker = "reachable";  // reachable, unreachable, disabled
  std::string reason;                // why Docker is unreachable
};

struct router_hooks {
  // POST /_minecs/reset (and moto's /moto-api/reset): wipe all state.
  std::function<void()> reset;
  // GET /health; absent: always healthy.
  std::function<health_report()> health;
  // GET /metrics: the gauges read at scrape time, appended after the process's instruments.
  std::function<void(std::string&)> metrics;
  // GET requests of no other route (the dashboard's pages); nullopt: not one of its paths.
  std::function<std::optional<server::http_response>(const server::http_request&)> pages;
};

// The AWS endpoint on HTTP: POST / goes to the dispatcher; GET /health answers readiness; GET
// /metrics the Prometheus text format; the reset paths call the hook; other GETs go to `pages`.
// None of these paths is an AWS protocol's (all of them post to /, or get / with a query). Every
// reply carries x-amzn-RequestId. Every request counts in minecs_api_requests_total and its
// histogram. Logs one line per request at info: operation, status, duration, request id.
server::request_handler make_router(const dispatcher& dispatcher, router_hooks hooks);

// The endpoint's answer to a request the HTTP server could not hand over, as an AWS error
// (RequestEntityTooLargeException, SerializationException, ServerException).
server::failure_reply aws_failure_reply();

}  // namespace minecs::api
