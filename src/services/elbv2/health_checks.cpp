// Health check settings of target groups (see health_checks.hpp). The defaults are those of
// the CreateTargetGroup API reference: HTTP for HTTP/HTTPS groups and TCP for the others, on the
// traffic port, every 30 seconds, 5 healthy and 2 unhealthy in a row, path "/" and code 200 for
// HTTP checks; the timeout is 5 seconds for HTTP/HTTPS groups, and for TCP/TLS/UDP/TCP_UDP
// groups 6 seconds with HTTP checks and 10 with TCP or HTTPS checks.
#include "health_checks.hpp"

#include <cctype>
#include <charconv>

#include "attributes.hpp"
#include "errors.hpp"
#include "minecs/api/input.hpp"

namespace minecs::elbv2 {

namespace {

bool is_http(const std::string& protocol) {
  return protocol == "HTTP" || protocol == "HTTPS";
}

int default_timeout(const store::elbv2_target_group& group) {
  if (!is_layer4(group.protocol)) {
    return 5;
  }
  return group.health_check.protocol == "HTTP" ? 6 : 10;
}

void check_check_protocol(const store::elbv2_target_group& group, const std::string& protocol) {
  bool allowed =
      is_layer4(group.protocol) ? (protocol == "TCP" || is_http(protocol)) : is_http(protocol);
  if (!allowed) {
    throw validation_error("Health check protocol '" + protocol +
                           "' is not supported for target groups with the " + group.protocol +
                           " protocol");
  }
}

void check_port(const std::string& port) {
  if (port == "traffic-port") {
    return;
  }
  int n = 0;
  const auto* end = port.data() + port.size();
  auto [ptr, ec] = std::from_chars(port.data(), end, n);
  if (port.empty() || ec != std::errc() || ptr != end || n < 1 || n > 65535) {
    throw validation_error("Health check port '" + port +
                           "' must be 'traffic-port' or a port from 1 to 65535");
  }
}

// "200", "200,202" or "200-299", each code within what the load balancer's type accepts.
void check_http_codes(const store::elbv2_target_group& group, const std::string& codes) {
  int highest = is_layer4(group.protocol) ? 599 : 499;
  std::size_t at = 0;
  bool ok = !codes.empty();
  while (ok && at <= codes.size()) {
    auto end = codes.find_first_of(",-", at);
    auto part = codes.substr(at, end == std::string::npos ? std::string::npos : end - at);
    int n = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    ok = !part.empty() && ec == std::errc() && ptr == part.data() + part.size() && n >= 200 &&
         n <= highest;
    if (end == std::string::npos) {
      break;
    }
    at = end + 1;
  }
  if (!ok) {
    throw validation_error("Health check matcher HTTP code '" + codes + "' must be a code from " +
                           "200 to " + std::to_string(highest) +
                           ", a list of them ('200,202') or a range ('200-299')");
  }
}

void check_path(const std::string& path) {
  if (path.empty() || path.front() != '/') {
    throw validation_error("Health check path '" + path + "' must begin with a '/' character");
  }
}

// The settings that follow from the check's protocol: HTTP checks have a path and a matcher,
// TCP ones have neither.
void settle_http_members(store::elbv2_target_group& group) {
  auto& check = group.health_check;
  if (!is_http(check.protocol)) {
    check.path.clear();
    check.matcher_http.clear();
    check.matcher_grpc.clear();
    return;
  }
  bool grpc = group.protocol_version == "GRPC";
  if (check.path.empty()) {
    check.path = grpc ? "/AWS.ALB/healthcheck" : "/";
  }
  if (check.matcher_http.empty() && check.matcher_grpc.empty()) {
    (grpc ? check.matcher_grpc : check.matcher_http) = grpc ? "12" : "200";
  }
}

void apply_members(store::elbv2_target_group& group, const json& input) {
  auto& check = group.health_check;
  if (auto protocol = api::opt_str(input, "HealthCheckProtocol")) {
    check_check_protocol(group, *protocol);
    check.protocol = *protocol;
  }
  if (api::has(input, "HealthCheckEnabled") && !api::boolean(input, "HealthCheckEnabled")) {
    throw validation_error("Health checks cannot be disabled for target groups with the '" +
                           group.target_type + "' target type");
  }
  if (auto port = api::opt_str(input, "HealthCheckPort")) {
    check_port(*port);
    check.port = *port;
  }
  bool http_check = is_http(check.protocol);
  if (auto path = api::opt_str(input, "HealthCheckPath")) {
    if (!http_check) {
      throw validation_error("Health check path is not supported for " + check.protocol +
                             " health checks");
    }
    check_path(*path);
    check.path = *path;
  }
  if (api::has(input, "Matcher")) {
    if (!http_check) {
      throw validation_error("Health check matcher is not supported for " + check.protocol +
                             " health checks");
    }
    const auto& matcher = input.at("Matcher");
    auto http = api::opt_str(matcher, "HttpCode");
    auto grpc = api::opt_str(matcher, "GrpcCode");
    if (http.has_value() == grpc.has_value()) {
      throw validation_error("A health check matcher must have either an HttpCode or a GrpcCode");
    }
    if (http) {
      check_http_codes(group, *http);
    }
    check.matcher_http = http.value_or("");
    check.matcher_grpc = grpc.value_or("");
  }
  if (auto n = api::opt_int(input, "HealthCheckIntervalSeconds")) {
    check.interval_seconds = static_cast<int>(*n);
  }
  if (auto n = api::opt_int(input, "HealthCheckTimeoutSeconds")) {
    check.timeout_seconds = static_cast<int>(*n);
  }
  if (auto n = api::opt_int(input, "HealthyThresholdCount")) {
    check.healthy_threshold = static_cast<int>(*n);
  }
  if (auto n = api::opt_int(input, "UnhealthyThresholdCount")) {
    check.unhealthy_threshold = static_cast<int>(*n);
  }
  settle_http_members(group);
  if (check.timeout_seconds >= check.interval_seconds) {
    throw validation_error("Health check timeout '" + std::to_string(check.timeout_seconds) +
                           "' must be smaller than the interval '" +
                           std::to_string(check.interval_seconds) + "'");
  }
}

}  // namespace

void set_health_check(store::elbv2_target_group& group, const json& input) {
  auto& check = group.health_check;
  check = store::elbv2_health_check{};
  check.protocol = is_layer4(group.protocol) ? "TCP" : "HTTP";
  if (auto protocol = api::opt_str(input, "HealthCheckProtocol")) {
    check_check_protocol(group, *protocol);
    check.protocol = *protocol;
  }
  check.timeout_seconds = default_timeout(group);
  apply_members(group, input);
}

void modify_health_check(store::elbv2_target_group& group, const json& input) {
  apply_members(group, input);
}

void render_health_check(json& out, const store::elbv2_health_check& check) {
  out["HealthCheckProtocol"] = check.protocol;
  out["HealthCheckPort"] = check.port;
  out["HealthCheckEnabled"] = check.enabled;
  out["HealthCheckIntervalSeconds"] = check.interval_seconds;
  out["HealthCheckTimeoutSeconds"] = check.timeout_seconds;
  out["HealthyThresholdCount"] = check.healthy_threshold;
  out["UnhealthyThresholdCount"] = check.unhealthy_threshold;
  if (!check.path.empty()) {
    out["HealthCheckPath"] = check.path;
  }
  if (!check.matcher_http.empty()) {
    out["Matcher"]["HttpCode"] = check.matcher_http;
  } else if (!check.matcher_grpc.empty()) {
    out["Matcher"]["GrpcCode"] = check.matcher_grpc;
  }
}

}  // namespace minecs::elbv2
