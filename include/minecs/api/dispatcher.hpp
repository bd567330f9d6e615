#pragma once
#include <memory>
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/protocol/aws_json.hpp"

namespace minecs::api {

// One service reachable on the endpoint: requests whose X-Amz-Target starts with the model's
// target prefix are validated against the model and handed to the table.
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

// The single place where a service_error becomes a reply. Never throws.
class dispatcher {
 public:
  dispatcher(dispatch_environment env, std::vector<service_binding> services);

  struct outcome {
    protocol::http_reply reply;
    std::string operation;  // for the access log; empty when the target did not decode
  };
  outcome handle(const protocol::http_headers_in& headers, std::string_view body,
                 std::string request_id) const noexcept;

 private:
  dispatch_environment env_;
  std::vector<service_binding> services_;
};

}  // namespace minecs::api
