// AWS JSON-1.1: X-Amz-Target and a JSON object in, JSON out, errors as {__type, message}.
#include "minecs/protocol/aws_json.hpp"

#include <random>

#include "minecs/protocol/credential_scope.hpp"

namespace minecs::protocol {

std::string region_from_authorization(std::string_view authorization) {
  return scope_of_authorization(authorization).region;
}

aws_request decode_request(const http_headers_in& headers, std::string_view body,
                           const std::string& default_region, std::string request_id) {
  aws_request req;
  req.request_id = std::move(request_id);
  auto dot = headers.target.rfind('.');
  if (headers.target.empty() || dot == std::string_view::npos || dot == 0 ||
      dot + 1 == headers.target.size()) {
    throw service_error("UnknownOperationException",
                        headers.target.empty()
                            ? "Missing X-Amz-Target header."
                            : "Unknown target " + std::string(headers.target) + ".");
  }
  req.target_prefix = std::string(headers.target.substr(0, dot));
  req.operation = std::string(headers.target.substr(dot + 1));

  // An empty body is an empty input, as the SDKs send "{}" but curl users may send nothing.
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    req.input = json::object();
  } else {
    bool too_deep = false;
    json::parser_callback_t limit = [&](int depth, json::parse_event_t, json&) {
      if (depth > max_json_depth) {
        too_deep = true;
      }
      return !too_deep;
    };
    req.input = json::parse(body, limit, false);
    if (too_deep) {
      throw service_error("SerializationException", "The request body is nested too deeply.");
    }
    if (req.input.is_discarded()) {
      throw service_error("SerializationException", "The request body is not valid JSON.");
    }
    if (!req.input.is_object()) {
      throw service_error("SerializationException", "The request body must be a JSON object.");
    }
  }
  req.region = region_from_authorization(headers.authorization);
  if (req.region.empty()) {
    req.region = default_region;
  }
  return req;
}

http_reply encode_result(const json& output) {
  return {200, output.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}

http_reply encode_error(const service_error& error) {
  json body = {{"__type", error.code()}, {"message", error.what()}};
  return {error.http_status(), body.dump(-1, ' ', false, json::error_handler_t::replace),
          error.code()};
}

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id(36, '-');
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      continue;
    }
    id[i] = hex[rng() & 15];
  }
  id[14] = '4';
  return id;
}

}  // namespace minecs::protocol
