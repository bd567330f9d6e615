#include "minecs/server/router.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace minecs::server {

namespace {

http_response plain_json(unsigned status, const json& body) {
  return {status, body.dump(), "application/json", {}};
}

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

}  // namespace

request_handler make_router(const api::dispatcher& dispatcher, router_hooks hooks) {
  return [&dispatcher, hooks = std::move(hooks)](const http_request& req,
                                                 const std::string& id) -> http_response {
    auto started = std::chrono::steady_clock::now();
    auto path = path_of(req.target);
    http_response out;
    std::string operation;
    if (req.method == "POST" && path == "/") {
      auto result =
          dispatcher.handle({req.amz_target, req.authorization}, req.body, id);
      operation = std::move(result.operation);
      out = {result.reply.status, std::move(result.reply.body), "application/x-amz-json-1.1",
             std::move(result.reply.error_type)};
    } else if (req.method == "GET" && path == "/health") {
      operation = "health";
      out = plain_json(200, {{"status", "ok"}});
    } else if (req.method == "POST" && (path == "/_minecs/reset" || path == "/moto-api/reset")) {
      operation = "reset";
      hooks.reset();
      out = plain_json(200, {{"status", "ok"}});
    } else if (req.method == "GET" && path == "/_minecs/services") {
      operation = "services";
      out = plain_json(200, {{"services", hooks.services ? hooks.services() : json::array()}});
    } else {
      operation = req.method + " " + path;
      out = plain_json(404, {{"__type", "UnknownOperationException"},
                             {"message", "No such path " + req.method + " " + path + "."}});
      out.error_type = "UnknownOperationException";
    }
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    spdlog::info("{} {} {} {:.3f}ms {}", operation.empty() ? "-" : operation, out.status,
                 out.error_type.empty() ? "ok" : out.error_type, micros / 1000.0, id);
    return out;
  };
}

}  // namespace minecs::server
