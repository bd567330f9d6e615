// Attribute keys, defaults and value checks of load balancers and target groups (see
// attributes.hpp).
#include "attributes.hpp"

#include <charconv>
#include <initializer_list>
#include <optional>

#include "errors.hpp"

namespace minecs::elbv2 {

namespace {

std::optional<long long> integer_of(const std::string& value) {
  long long out = 0;
  const auto* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, out);
  if (value.empty() || ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return out;
}

service_error bad_value(const std::string& key, const std::string& value, const std::string& why) {
  return validation_error("The value '" + value + "' of attribute '" + key + "' is not valid. " +
                          why);
}

void check_range(const std::string& key, const std::string& value, long long min, long long max) {
  auto n = integer_of(value);
  if (!n || *n < min || *n > max) {
    throw bad_value(
        key, value,
        "It must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + ".");
  }
}

void check_one_of(const std::string& key, const std::string& value,
                  std::initializer_list<const char*> allowed) {
  std::string names;
  for (const char* a : allowed) {
    if (value == a) {
      return;
    }
    names += (names.empty() ? "'" : ", '") + std::string(a) + "'";
  }
  throw bad_value(key, value, "Valid values are " + names + ".");
}

// The checks every key ending in ".enabled" shares.
void check_common(const std::string& key, const std::string& value) {
  if (key.ends_with(".enabled") && key != "load_balancing.cross_zone.enabled") {
    check_one_of(key, value, {"true", "false"});
  }
}

attribute_map merged(attribute_map defaults, const attribute_map& own) {
  for (const auto& [key, value] : own) {
    defaults[key] = value;
  }
  return defaults;
}

void require_known(const attribute_map& current, const std::string& key, const char* noun) {
  if (!current.contains(key)) {
    throw validation_error(std::string(noun) + " attribute key '" + key + "' is not recognized");
  }
}

}  // namespace

bool is_layer4(const std::string& protocol) {
  return protocol == "TCP" || protocol == "TLS" || protocol == "UDP" || protocol == "TCP_UDP";
}

attribute_map load_balancer_attributes(const store::elbv2_load_balancer& lb) {
  attribute_map defaults = {{"access_logs.s3.enabled", "false"},
                            {"access_logs.s3.bucket", ""},
                            {"access_logs.s3.prefix", ""},
                            {"deletion_protection.enabled", "false"},
                            {"zonal_shift.config.enabled", "false"}};
  if (lb.type == "network") {
    defaults["load_balancing.cross_zone.enabled"] = "false";
    defaults["dns_record.client_routing_policy"] = "any_availability_zone";
  } else {
    defaults.insert({{"idle_timeout.timeout_seconds", "60"},
                     {"client_keep_alive.seconds", "3600"},
                     {"connection_logs.s3.enabled", "false"},
                     {"connection_logs.s3.bucket", ""},
                     {"connection_logs.s3.prefix", ""},
                     {"load_balancing.cross_zone.enabled", "true"},
                     {"routing.http.desync_mitigation_mode", "defensive"},
                     {"routing.http.drop_invalid_header_fields.enabled", "false"},
                     {"routing.http.preserve_host_header.enabled", "false"},
                     {"routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"},
                     {"routing.http.xff_client_port.enabled", "false"},
                     {"routing.http.xff_header_processing.mode", "append"},
                     {"routing.http2.enabled", "true"},
                     {"waf.fail_open.enabled", "false"}});
  }
  return merged(std::move(defaults), lb.attributes);
}

attribute_map target_group_attributes(const store::elbv2_target_group& group) {
  attribute_map defaults = {
      {"deregistration_delay.timeout_seconds", "300"},
      {"stickiness.enabled", "false"},
      {"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
      {"target_group_health.dns_failover.minimum_healthy_targets.count", "1"},
      {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off"}};
  if (is_layer4(group.protocol)) {
    bool udp = group.protocol == "UDP" || group.protocol == "TCP_UDP";
    // Client addresses are kept for instance targets and UDP; not for TCP and TLS ip targets.
    bool preserve = group.target_type == "instance" || udp;
    defaults.insert({{"stickiness.type", "source_ip"},
                     {"deregistration_delay.connection_termination.enabled", "false"},
                     {"proxy_protocol_v2.enabled", "false"},
                     {"preserve_client_ip.enabled", preserve ? "true" : "false"},
                     {"target_health_state.unhealthy.connection_termination.enabled", "true"},
                     {"target_health_state.unhealthy.draining_interval_seconds", "0"}});
  } else {
    defaults.insert({{"stickiness.type", "lb_cookie"},
                     {"stickiness.lb_cookie.duration_seconds", "86400"},
                     {"stickiness.app_cookie.cookie_name", ""},
                     {"stickiness.app_cookie.duration_seconds", "86400"},
                     {"slow_start.duration_seconds", "0"},
                     {"load_balancing.algorithm.type", "round_robin"},
                     {"load_balancing.algorithm.anomaly_mitigation", "off"}});
  }
  return merged(std::move(defaults), group.attributes);
}

attribute_map listener_attributes(const store::elbv2_listener& listener) {
  attribute_map defaults;
  const auto& protocol = listener.protocol;
  if (protocol == "TCP" || protocol == "TLS" || protocol == "TCP_UDP") {
    defaults["tcp.idle_timeout.seconds"] = "350";
  } else if (protocol == "HTTP" || protocol == "HTTPS") {
    // The response headers an Application Load Balancer adds or rewrites: none by default.
    defaults["routing.http.response.server.enabled"] = "true";
    for (const char* header : {"strict_transport_security", "access_control_allow_origin",
                               "access_control_allow_methods", "access_control_allow_headers",
                               "access_control_allow_credentials", "access_control_expose_headers",
                               "access_control_max_age", "content_security_policy",
                               "x_content_type_options", "x_frame_options"}) {
      defaults[std::string("routing.http.response.") + header + ".header_value"] = "";
    }
  }
  if (protocol == "HTTPS") {
    // The names of the request headers that carry the client's TLS details.
    for (const char* header :
         {"x_amzn_mtls_clientcert_serial_number", "x_amzn_mtls_clientcert_issuer",
          "x_amzn_mtls_clientcert_subject", "x_amzn_mtls_clientcert_validity",
          "x_amzn_mtls_clientcert_leaf", "x_amzn_mtls_clientcert", "x_amzn_tls_version",
          "x_amzn_tls_cipher_suite"}) {
      defaults[std::string("routing.http.request.") + header + ".header_name"] = "";
    }
  }
  // Attributes set under another protocol that this one does not have are not shown.
  for (const auto& [key, value] : listener.attributes) {
    if (defaults.contains(key)) {
      defaults[key] = value;
    }
  }
  return defaults;
}

void set_listener_attribute(attribute_map& current, const std::string& key,
                            const std::string& value) {
  require_known(current, key, "Listener");
  check_common(key, value);
  if (key == "tcp.idle_timeout.seconds") {
    check_range(key, value, 60, 6000);
  }
  current[key] = value;
}

void set_load_balancer_attribute(attribute_map& current, const std::string& key,
                                 const std::string& value) {
  require_known(current, key, "Load balancer");
  check_common(key, value);
  if (key == "idle_timeout.timeout_seconds") {
    check_range(key, value, 1, 4000);
  } else if (key == "client_keep_alive.seconds") {
    check_range(key, value, 60, 604800);
  } else if (key == "routing.http.desync_mitigation_mode") {
    check_one_of(key, value, {"monitor", "defensive", "strictest"});
  } else if (key == "routing.http.xff_header_processing.mode") {
    check_one_of(key, value, {"append", "preserve", "remove"});
  } else if (key == "dns_record.client_routing_policy") {
    check_one_of(key, value,
                 {"availability_zone_affinity", "partial_availability_zone_affinity",
                  "any_availability_zone"});
  } else if (key == "load_balancing.cross_zone.enabled") {
    check_one_of(key, value, {"true", "false"});
  }
  current[key] = value;
}

void set_target_group_attribute(const store::elbv2_target_group& group, attribute_map& current,
                                const std::string& key, const std::string& value) {
  require_known(current, key, "Target group");
  check_common(key, value);
  if (key == "deregistration_delay.timeout_seconds") {
    check_range(key, value, 0, 3600);
  } else if (key == "slow_start.duration_seconds") {
    // 0 turns slow start off; otherwise 30 to 900 seconds.
    if (value != "0") {
      check_range(key, value, 30, 900);
    }
  } else if (key == "stickiness.lb_cookie.duration_seconds" ||
             key == "stickiness.app_cookie.duration_seconds") {
    check_range(key, value, 1, 604800);
  } else if (key == "stickiness.type") {
    if (is_layer4(group.protocol)) {
      check_one_of(key, value, {"source_ip"});
    } else {
      check_one_of(key, value, {"lb_cookie", "app_cookie"});
    }
  } else if (key == "load_balancing.algorithm.type") {
    check_one_of(key, value, {"round_robin", "least_outstanding_requests", "weighted_random"});
  } else if (key == "load_balancing.algorithm.anomaly_mitigation") {
    check_one_of(key, value, {"on", "off"});
  } else if (key == "load_balancing.cross_zone.enabled") {
    check_one_of(key, value, {"true", "false", "use_load_balancer_configuration"});
  } else if (key == "target_health_state.unhealthy.draining_interval_seconds") {
    check_range(key, value, 0, 360000);
  } else if (key.ends_with("minimum_healthy_targets.count")) {
    check_range(key, value, 1, 1000000);
  } else if (key.ends_with("minimum_healthy_targets.percentage") && value != "off") {
    check_range(key, value, 1, 100);
  }
  current[key] = value;
}

bool deletion_protected(const store::elbv2_load_balancer& lb) {
  return load_balancer_attributes(lb).at("deletion_protection.enabled") == "true";
}

}  // namespace minecs::elbv2
