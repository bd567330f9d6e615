// The AWS endpoint on HTTP: which path goes where, request ids and the access log.
#include "minecs/api/router.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "minecs/core/metrics.hpp"

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

server::http_response health_reply(const health_report& report) {
  json body{{"status", report.ok ? "ok" : "unavailable"}, {"docker", report.docker}};
  if (!report.reason.empty()) {
    body["reason"] = report.reason;
  }
  return plain_json(report.ok ? 200 : 503, body);
}

server::http_response metrics_reply(const std::function<void(std::string&)>& gauges) {
  std::string text;
  metrics::process().render(text);
  if (gauges) {
    gauges(text);
  }
  return {200, std::move(text), "text/plain; version=0.0.4; charset=utf-8", {}};
}

}  // namespace

server::request_handler make_router(const dispatcher& dispatcher, router_hooks hooks) {
  return [&dispatcher, hooks = std::move(hooks)](const server::http_request& req) {
    auto started = std::chrono::steady_clock::now();
    auto id = protocol::new_request_id();
    auto path = path_of(req.target);
    server::http_response out;
    std::string service = "minecs";
    bool routed = true;
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
      service = std::move(result.service);
      operation = std::move(result.operation);
      error_type = result.reply.error_type;
      out = from_reply(std::move(result.reply));
    } else if (req.method == "GET" && path == "/health") {
      operation = "health";
      out = health_reply(hooks.health ? hooks.health() : health_report{});
    } else if (req.method == "GET" && path == "/metrics") {
      operation = "metrics";
      out = metrics_reply(hooks.metrics);
    } else if (req.method == "POST" && (path == "/_minecs/reset" || path == "/moto-api/reset")) {
      operation = "reset";
      hooks.reset();
      out = plain_json(200, {{"status", "ok"}});
    } else if (auto page = req.method == "GET" && hooks.pages ? hooks.pages(req) : std::nullopt) {
      operation = "dashboard";
      out = std::move(*page);
    } else {
      routed = false;
      operation = req.method + " " + path;
      auto reply = protocol::encode_error(
          {"UnknownOperationException", "No such path " + req.method + " " + path + ".", 404});
      error_type = reply.error_type;
      out = from_reply(std::move(reply));
    }
    // Every reply carries one, as AWS's do, so a log line can be matched to what a client saw.
    out.headers.emplace_back("x-amzn-RequestId", id);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
    // Labels only from a closed set: an operation no service has, or a path minecs does not
    // serve, counts as "unknown" so that a client cannot grow the series without bound.
    std::string_view op_label = operation;
    if (service.empty()) {
      service = "unknown";
      op_label = "unknown";
    } else if (!routed) {
      op_label = "unknown";
    }
    auto& m = metrics::process();
    m.api_requests.add({service, op_label, std::to_string(out.status)});
    m.api_duration.observe({service, op_label}, took.count());
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
