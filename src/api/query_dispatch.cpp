// Query and EC2 requests: the form's parameters, the service they are for (the SigV4 scope, else
// Action and Version), the Version check, decoding and validation against the model, the
// handler, and every outcome as the protocol's XML.
#include <spdlog/spdlog.h>

#include "internal_error.hpp"
#include "minecs/api/dispatcher.hpp"
#include "minecs/protocol/credential_scope.hpp"

namespace minecs::api {

namespace {

// What Coral-based Query services say for a Version they do not know, or none.
constexpr std::string_view no_version = "NO_VERSION_SPECIFIED";

service_error missing_action() {
  return {"MissingAction", "The request must contain the parameter Action."};
}

void check_version(const model::api_model& model, const protocol::query_request& request) {
  const auto& expected = model.api_version();
  if (request.version && *request.version == expected) {
    return;
  }
  if (model.protocol() == model::wire_protocol::ec2) {
    if (!request.version) {
      throw service_error("MissingParameter", "The request must contain the parameter Version.");
    }
    throw service_error("NoSuchVersion", "The requested version (" + *request.version +
                                             ") of service " + model.service_id() +
                                             " does not exist; this endpoint has " + expected +
                                             ".");
  }
  throw service_error("InvalidAction",
                      "Could not find operation " + request.action + " for version " +
                          (request.version ? *request.version : std::string(no_version)) + ".");
}

}  // namespace

dispatcher::outcome dispatcher::handle_query(const incoming_request& request,
                                             const std::string& request_id) const {
  outcome out;
  auto wire = model::wire_protocol::query;
  std::string xml_namespace;
  try {
    auto params = protocol::parse_form(request.query);
    if (request.method == "POST") {
      auto body = protocol::parse_form(request.body);
      params.insert(params.end(), std::make_move_iterator(body.begin()),
                    std::make_move_iterator(body.end()));
    }
    auto req = protocol::split_query_request(params);
    out.operation = req.action;
    auto signed_for = protocol::scope_of_authorization(request.authorization);
    if (signed_for.service.empty() && !req.credential.empty()) {
      signed_for = protocol::scope_of_credential(req.credential);
    }
    const auto& service = query_service(signed_for.service, req.action, req.version);
    if (service.model->has_operation(req.action)) {
      out.service = service.model->signing_name();
    }
    wire = service.model->protocol();
    xml_namespace = service.model->xml_namespace();
    auto region = signed_for.region.empty() ? env_.default_region : signed_for.region;
    out.reply =
        run_query(service, req, std::move(region), std::move(signed_for.access_key_id), request_id);
  } catch (const service_error& e) {
    out.reply = protocol::encode_query_error(wire, xml_namespace, e, request_id);
  } catch (const std::exception& e) {
    // A handler's bug: a member read as the wrong type, an output that does not fit the model.
    spdlog::error("request {} {}: internal error: {}", request_id, out.operation, e.what());
    out.reply = protocol::encode_query_error(wire, xml_namespace, internal_error(wire, request_id),
                                             request_id);
  } catch (...) {
    spdlog::error("request {} {}: unknown internal error", request_id, out.operation);
    out.reply = protocol::encode_query_error(wire, xml_namespace, internal_error(wire, request_id),
                                             request_id);
  }
  return out;
}

const service_binding& dispatcher::query_service(std::string_view scope_service,
                                                 const std::string& action,
                                                 const std::optional<std::string>& version) const {
  auto is_query = [](const service_binding& s) {
    return s.model->protocol() != model::wire_protocol::json;
  };
  for (const auto& s : services_) {
    if (is_query(s) && !scope_service.empty() && s.model->signing_name() == scope_service) {
      return s;
    }
  }
  // Unsigned: the service that has the action, the one of that version when several do; else the
  // one of that version, which then says that it has no such action.
  const service_binding* by_action = nullptr;
  int with_action = 0;
  for (const auto& s : services_) {
    if (is_query(s) && s.model->has_operation(action)) {
      if (version && *version == s.model->api_version()) {
        return s;
      }
      by_action = &s;
      ++with_action;
    }
  }
  if (with_action == 1) {
    return *by_action;
  }
  for (const auto& s : services_) {
    if (is_query(s) && version && *version == s.model->api_version()) {
      return s;
    }
  }
  if (action.empty()) {
    throw missing_action();
  }
  throw service_error("InvalidAction", "Could not find operation " + action + " for version " +
                                           (version ? *version : std::string(no_version)) + ".");
}

protocol::http_reply dispatcher::run_query(const service_binding& service,
                                           const protocol::query_request& request,
                                           std::string region, std::string access_key_id,
                                           const std::string& request_id) const {
  const auto& model = *service.model;
  if (request.action.empty()) {
    throw missing_action();
  }
  if (!model.has_operation(request.action)) {
    throw service_error("InvalidAction",
                        "The action " + request.action + " is not valid for this web service.");
  }
  check_version(model, request);
  auto input = protocol::decode_query_input(model, request.action, request.params);
  model.validate_input(request.action, input);
  const handler* h = service.handlers.find(request.action);
  if (h == nullptr) {
    throw not_implemented(model, request.action);
  }
  request_context ctx{env_.db,    env_.clock,
                      env_.ids,   scope{std::move(region), env_.account_id},
                      request_id, std::move(access_key_id)};
  return protocol::encode_query_result(model, request.action, (*h)(ctx, input), request_id);
}

}  // namespace minecs::api
