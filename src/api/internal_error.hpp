#pragma once
// What a request that failed inside minecs (a bug, a store error) answers, in each protocol's
// words: ServerException (ECS, Logs), InternalFailure (Query services), InternalError (EC2).
#include <string>

#include "minecs/core/service_error.hpp"
#include "minecs/model/api_model.hpp"

namespace minecs::api {

inline service_error internal_error(model::wire_protocol protocol, const std::string& request_id) {
  const char* code = "ServerException";
  if (protocol == model::wire_protocol::query) {
    code = "InternalFailure";
  } else if (protocol == model::wire_protocol::ec2) {
    code = "InternalError";
  }
  return {code, "Internal error; request id " + request_id, 500};
}

}  // namespace minecs::api
