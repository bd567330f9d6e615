// Tells a request's protocol from how it arrived and runs the JSON-1.1 ones (the Query and EC2
// ones in query_dispatch.cpp); the one place where a service_error becomes a reply.
#include "minecs/api/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "internal_error.hpp"

namespace minecs::api {

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

bool names_an_action(std::string_view query) {
  return query.starts_with("Action=") || query.find("&Action=") != std::string_view::npos;
}

bool is_query_request(const incoming_request& request) {
  if (!request.target.empty()) {
    return false;
  }
  return starts_with_ignoring_case(request.content_type, "application/x-www-form-urlencoded") ||
         request.method == "GET" || names_an_action(request.query);
}

}  // namespace

service_error not_implemented(const model::api_model& model, std::string_view operation) {
  auto message =
      "minecs does not implement " + model.service_id() + " " + std::string(operation) + " yet.";
  if (model.protocol() == model::wire_protocol::json) {
    return unsupported_operation(message);
  }
  return {"UnsupportedOperation", message};
}

dispatcher::dispatcher(dispatch_environment env, std::vector<service_binding> services)
    : env_(std::move(env)), services_(std::move(services)) {}

dispatcher::outcome dispatcher::handle(const protocol::http_headers_in& headers,
                                       std::string_view body,
                                       std::string request_id) const noexcept {
  incoming_request request;
  request.target = headers.target;
  request.authorization = headers.authorization;
  request.body = body;
  return handle(request, std::move(request_id));
}

dispatcher::outcome dispatcher::handle(const incoming_request& request,
                                       std::string request_id) const noexcept {
  try {
    return is_query_request(request) ? handle_query(request, request_id)
                                     : handle_json(request, request_id);
  } catch (...) {
    // Each protocol's handler answers its own errors; this is only for a failure to do so.
    spdlog::error("request {}: the reply could not be made", request_id);
    return {protocol::encode_error(internal_error(model::wire_protocol::json, request_id)), {}, {}};
  }
}

dispatcher::outcome dispatcher::handle_json(const incoming_request& request,
                                            const std::string& request_id) const {
  outcome out;
  try {
    auto req = protocol::decode_request({request.target, request.authorization}, request.body,
                                        env_.default_region, request_id);
    out.operation = req.operation;
    const service_binding* service = nullptr;
    for (const auto& s : services_) {
      if (s.model->protocol() == model::wire_protocol::json &&
          s.model->target_prefix() == req.target_prefix) {
        service = &s;
      }
    }
    if (service == nullptr || !service->model->has_operation(req.operation)) {
      throw service_error("UnknownOperationException",
                          "Unknown operation " + std::string(request.target) + ".");
    }
    out.service = service->model->signing_name();
    service->model->validate_input(req.operation, req.input);
    const handler* h = service->handlers.find(req.operation);
    if (h == nullptr) {
      throw not_implemented(*service->model, req.operation);
    }
    request_context ctx{env_.db, env_.clock, env_.ids, scope{req.region, env_.account_id},
                        req.request_id};
    out.reply = protocol::encode_result((*h)(ctx, req.input));
  } catch (const service_error& e) {
    out.reply = protocol::encode_error(e);
  } catch (const json::exception& e) {
    // A handler read a member of a type the model allows but the handler did not expect.
    spdlog::error("request {} {}: json error: {}", request_id, out.operation, e.what());
    out.reply = protocol::encode_error(
        service_error("ClientException", std::string("Invalid request: ") + e.what()));
  } catch (const std::exception& e) {
    spdlog::error("request {} {}: internal error: {}", request_id, out.operation, e.what());
    out.reply = protocol::encode_error(internal_error(model::wire_protocol::json, request_id));
  } catch (...) {
    spdlog::error("request {} {}: unknown internal error", request_id, out.operation);
    out.reply = protocol::encode_error(internal_error(model::wire_protocol::json, request_id));
  }
  return out;
}

}  // namespace minecs::api
