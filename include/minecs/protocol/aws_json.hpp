#pragma once
#include <string>
#include <string_view>

#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/protocol/http_reply.hpp"

namespace minecs::protocol {

// A decoded AWS JSON-1.1 request: X-Amz-Target "<prefix>.<operation>" and a JSON object body.
struct aws_request {
  std::string target_prefix;
  std::string operation;
  json input;
  std::string region;
  std::string request_id;
};

struct http_headers_in {
  std::string_view target;         // X-Amz-Target
  std::string_view authorization;  // Authorization (SigV4), may be empty
};

// Throws service_error: UnknownOperationException for a missing or malformed target,
// SerializationException for a body that is not a JSON object or nests too deeply.
aws_request decode_request(const http_headers_in& headers, std::string_view body,
                           const std::string& default_region, std::string request_id);

// The region from a SigV4 credential scope:
// Credential=AKID/20240101/<region>/<service>/aws4_request.
std::string region_from_authorization(std::string_view authorization);

// A request id as AWS makes them: a version-4 UUID (x-amzn-RequestId).
std::string new_request_id();

http_reply encode_result(const json& output);
http_reply encode_error(const service_error& error);

constexpr int max_json_depth = 64;

}  // namespace minecs::protocol
