#pragma once
#include <stdexcept>
#include <string>
#include <utility>

namespace minecs {

// The one error type of domain code: named by the AWS exception it becomes on the wire.
// Only the dispatcher catches it; everything else that escapes a handler is a ServerException.
class service_error : public std::runtime_error {
 public:
  service_error(std::string code, const std::string& message, unsigned http_status = 400)
      : std::runtime_error(message), code_(std::move(code)), http_status_(http_status) {}

  const std::string& code() const noexcept { return code_; }
  unsigned http_status() const noexcept { return http_status_; }

 private:
  std::string code_;
  unsigned http_status_;
};

// The ECS exceptions used across handlers, so their spelling lives in one place.
inline service_error client_error(std::string message) {
  return {"ClientException", std::move(message)};
}
inline service_error invalid_parameter(std::string message) {
  return {"InvalidParameterException", std::move(message)};
}
inline service_error cluster_not_found(std::string message = "Cluster not found.") {
  return {"ClusterNotFoundException", std::move(message)};
}
inline service_error unsupported_operation(std::string message) {
  return {"UnsupportedFeatureException", std::move(message)};
}

}  // namespace minecs
