#include "minecs/api/dispatcher.hpp"

#include <spdlog/spdlog.h>

namespace minecs::api {

dispatcher::dispatcher(dispatch_environment env, std::vector<service_binding> services)
    : env_(std::move(env)), services_(std::move(services)) {}

dispatcher::outcome dispatcher::handle(const protocol::http_headers_in& headers,
                                       std::string_view body,
                                       std::string request_id) const noexcept {
  outcome out;
  try {
    auto req = protocol::decode_request(headers, body, env_.default_region, request_id);
    out.operation = req.operation;
    const service_binding* service = nullptr;
    for (const auto& s : services_) {
      if (s.model->target_prefix() == req.target_prefix) {
        service = &s;
      }
    }
    if (service == nullptr || !service->model->has_operation(req.operation)) {
      throw service_error("UnknownOperationException",
                          "Unknown operation " + std::string(headers.target) + ".");
    }
    service->model->validate_input(req.operation, req.input);
    const handler* h = service->handlers.find(req.operation);
    if (h == nullptr) {
      throw service_error("UnsupportedFeatureException", "minecs does not implement " +
                                                             service->model->service_id() + " " +
                                                             req.operation + " yet.");
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
    out.reply = protocol::encode_error(
        service_error("ServerException", "Internal error; request id " + request_id, 500));
  } catch (...) {
    spdlog::error("request {} {}: unknown internal error", request_id, out.operation);
    out.reply = protocol::encode_error(
        service_error("ServerException", "Internal error; request id " + request_id, 500));
  }
  return out;
}

}  // namespace minecs::api
