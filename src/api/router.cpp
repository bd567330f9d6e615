// The AWS endpoint on HTTP: which path goes where, request ids and the access log.
#include "minecs/api/router.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace minecs::api {

namespace {

server::http_response plain_json(unsigned status, const json& body) {
  return {status, body.dump(), "application/json", {}};
}

server::http_response from_reply(protocol::http_reply reply) {
  server::http_response out{reply.status, std::move(reply.body), reply.content_type, {}};
  // The JSON protocols name the error in a header too; the XML ones only in the body.
  if (!reply.error_type.empty() && out.content_type.starts_with("application/x-amz-json")) {
    out.headers.emplace_back("X-Amzn-ErrorType", std::move(reply.error_type));
  }
  return out;
}

std::string path_of(const std::string& target) {
  return target.substr(0, target.find('?'));
}

std::string_view query_of(const std::string& target) {
  auto mark = target.find('?');
  return mark == std::string::npos ? std::string_view{} : std::string_view(target).substr(mark + 1);
}

}  // namespace

server::request_handler make_router(const dispatcher& dispatcher, router_hooks hooks) {
  return [&dispatcher, hooks = std::move(hooks)](const server::http_request& req) {
    auto started = std::chrono::steady_clock::now();
    auto id = protocol::new_request_id();
    auto path = path_of(req.target);
    server::http_response out;
    std::string operation;
    std::string error_type;
    auto query = query_of(req.target);
    // POST / is every protocol; GET / with a query string is the Query and EC2 protocols'.
    if ((req.method == "POST" || (req.method == "GET" && !query.empty())) && path == "/") {
      incoming_request in;
      in.method = req.method;
      in.query = query;
      in.target = req.header("X-Amz-Target");
      in.authorization = req.header("Authorization");
      in.content_type = req.header("Content-Type");
      in.body = req.body;
      auto result = dispatcher.handle(in, id);
      operation = std::move(result.operation);
      error_type = result.reply.error_type;
      out = from_reply(std::move(result.reply));
    } else if (req.method == "GET" && path == "/health") {
      operation = "health";
      out = plain_json(200, {{"status", "ok"}});
    } else if (req.method == "POST" && (path == "/_minecs/reset" || path == "/moto-api/reset")) {
      operation = "reset";
      hooks.reset();
      out = plain_json(200, {{"status", "ok"}});
    } else {
      operation = req.method + " " + path;
      auto reply = protocol::encode_error(
          {"UnknownOperationException", "No such path " + req.method + " " + path + ".", 404});
      error_type = reply.error_type;
      out = from_reply(std::move(reply));
    }
    // Every reply carries one, as AWS's do, so a log line can be matched to what a client saw.
    out.headers.emplace_back("x-amzn-RequestId", id);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    spdlog::info("{} {} {} {:.3f}ms {}", operation.empty() ? "-" : operation, out.status,
                 error_type.empty() ? "ok" : error_type, micros / 1000.0, id);
    return out;
  };
}

server::failure_reply aws_failure_reply() {
  return [](server::transport_failure failure, const std::string& detail) {
    service_error error{"ServerException", "Internal error", 500};
    if (failure == server::transport_failure::too_large) {
      error = {"RequestEntityTooLargeException", detail, 413};
    } else if (failure == server::transport_failure::malformed) {
      error = {"SerializationException", detail, 400};
    }
    auto out = from_reply(protocol::encode_error(error));
    out.headers.emplace_back("x-amzn-RequestId", protocol::new_request_id());
    return out;
  };
}

}  // namespace minecs::api
