#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/protocol/aws_json.hpp"
#include "minecs/protocol/aws_query.hpp"

namespace minecs::api {

// One service reachable on the endpoint: requests for it (by X-Amz-Target prefix for JSON-1.1;
// by SigV4 scope, else Action and Version for Query and EC2) are decoded and validated against
// the model and handed to the table.
struct service_binding {
  std::shared_ptr<const model::api_model> model;
  handler_table handlers;
};

struct dispatch_environment {
  store::database& db;
  const minecs::clock& clock;
  id_generator& ids;
  std::string default_region;
  std::string account_id;
};

// A request to the AWS endpoint as it arrived, for the dispatcher to tell its protocol from:
// JSON-1.1 when it has an X-Amz-Target; Query or EC2 when it has none and is a form
// (application/x-www-form-urlencoded), a GET, or has an Action in its query string.
struct incoming_request {
  std::string_view method = "POST";
  std::string_view query;   // the request target's query string, without '?'
  std::string_view target;  // X-Amz-Target
  std::string_view authorization;
  std::string_view content_type;
  std::string_view body;
};

// What an operation of a model that has no handler answers: a 4xx naming it, never a fake
// success (UnsupportedFeatureException for JSON-1.1, UnsupportedOperation for Query and EC2).
service_error not_implemented(const model::api_model& model, std::string_view operation);

// The single place where a service_error becomes a reply. Never throws.
class dispatcher {
 public:
  dispatcher(dispatch_environment env, std::vector<service_binding> services);

  struct outcome {
    protocol::http_reply reply;
    std::string operation;  // for the access log; empty when the target did not decode
    // The signing name of the service that has the operation ("ecs", "logs"); empty when none
    // has it, so that made-up operation names never become metric labels.
    std::string service;
  };
  outcome handle(const incoming_request& request, std::string request_id) const noexcept;
  // A JSON-1.1 request: handle() with only these.
  outcome handle(const protocol::http_headers_in& headers, std::string_view body,
                 std::string request_id) const noexcept;

 private:
  dispatch_environment env_;
  std::vector<service_binding> services_;

  outcome handle_json(const incoming_request& request, const std::string& request_id) const;
  outcome handle_query(const incoming_request& request, const std::string& request_id) const;
  // The Query or EC2 service a request is for: the SigV4 scope's service, else the one whose
  // model has the Action (and the Version, when several have it). Throws MissingAction or
  // InvalidAction when none is.
  const service_binding& query_service(std::string_view scope_service, const std::string& action,
                                       const std::optional<std::string>& version) const;
  protocol::http_reply run_query(const service_binding& service,
                                 const protocol::query_request& request, std::string region,
                                 std::string access_key_id, const std::string& request_id) const;
};

}  // namespace minecs::api
