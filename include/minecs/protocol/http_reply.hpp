#pragma once
// What every wire protocol hands back to the endpoint: status, body and content type, and the
// error code for the access log (and the JSON protocol's X-Amzn-ErrorType).
#include <string>

namespace minecs::protocol {

struct http_reply {
  unsigned status = 200;
  std::string body;
  std::string error_type;  // the error code, empty on success
  std::string content_type = "application/x-amz-json-1.1";
};

}  // namespace minecs::protocol
