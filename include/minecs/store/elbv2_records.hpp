#pragma once
// Elastic Load Balancing (v2) resources as typed records. They are kept in the generic resource
// table of the EC2 records (ec2_resources: id, region, kind, parent, document) with kinds of
// their own, read and written through the templates of ec2_records.hpp: an ELBv2 resource is
// named by its ARN (the row's id), belongs to a region, and a listener belongs to its load
// balancer and a rule to its listener, which is all that table keys; it needs no migration.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/ec2_records.hpp"

namespace minecs::store {

struct elbv2_zone {
  std::string zone_name;
  std::string subnet_id;
};

struct elbv2_load_balancer {
  static constexpr std::string_view kind = "elbv2-load-balancer";
  std::string id;  // its ARN
  std::string region;
  std::string name;
  std::string type;    // application, network
  std::string scheme;  // internet-facing, internal
  std::string vpc_id;
  std::string ip_address_type = "ipv4";
  std::string dns_name;
  std::vector<elbv2_zone> zones;
  std::vector<std::string> security_groups;
  // Only the attributes ModifyLoadBalancerAttributes set; the rest have their defaults.
  std::map<std::string, std::string> attributes;
  double created_at = 0;
  std::string parent() const { return {}; }
};

// A registered target. Its health is kept here so that the health checker (issue 11 part 2) can
// write what it finds; until it runs, a target stays as registered: `initial`.
struct elbv2_target {
  std::string id;  // an instance id or an IPv4 address
  int port = 0;
  std::string availability_zone;
  std::string state = "initial";  // initial, healthy, unhealthy
  std::string reason = "Elb.InitialHealthChecking";
  std::string description = "Initial health checks in progress";
  // When the target was deregistered while its group was in use: it drains until then.
  double drain_until = 0;
};

struct elbv2_health_check {
  bool enabled = true;
  std::string protocol;
  std::string port = "traffic-port";
  std::string path;  // HTTP and HTTPS health checks only
  int interval_seconds = 30;
  int timeout_seconds = 5;
  int healthy_threshold = 5;
  int unhealthy_threshold = 2;
  std::string matcher_http;  // "200"; HTTP and HTTPS health checks only
  std::string matcher_grpc;
};

struct elbv2_target_group {
  static constexpr std::string_view kind = "elbv2-target-group";
  std::string id;  // its ARN
  std::string region;
  std::string name;
  std::string target_type = "instance";  // instance, ip
  std::string protocol;                  // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP
  std::string protocol_version;          // HTTP1, HTTP2, GRPC (HTTP and HTTPS only)
  int port = 0;
  std::string vpc_id;
  std::string ip_address_type = "ipv4";
  elbv2_health_check health_check;
  std::map<std::string, std::string> attributes;  // as for load balancers
  std::vector<elbv2_target> targets;
  double created_at = 0;
  std::string parent() const { return {}; }
};

struct elbv2_weighted_group {
  std::string target_group_arn;
  int weight = 1;
};

// One action of a listener or rule: forward, fixed-response or redirect.
struct elbv2_action {
  std::string type;
  int order = 0;  // 0: not given
  // forward: the groups with their weights (one TargetGroupArn is that group with weight 1)
  std::vector<elbv2_weighted_group> target_groups;
  bool stickiness_enabled = false;
  int stickiness_duration = 0;  // 0: not given
  // fixed-response, and redirect's status code (HTTP_301, HTTP_302)
  std::string status_code;
  std::string content_type;
  std::string message_body;
  bool has_message_body = false;
  // redirect
  std::string protocol;
  std::string port;
  std::string host;
  std::string path;
  std::string query;
};

struct elbv2_key_value {
  std::string key;  // empty: any key
  std::string value;
};

// One condition of a rule. `values` are the patterns, methods or CIDRs; `legacy_values` when the
// request gave them as the old Values member (path-pattern and host-header), which ELBv2 echoes.
struct elbv2_condition {
  std::string field;
  std::vector<std::string> values;
  std::string header_name;               // http-header
  std::vector<elbv2_key_value> queries;  // query-string
  bool legacy_values = false;
};

struct elbv2_listener {
  static constexpr std::string_view kind = "elbv2-listener";
  std::string id;  // its ARN
  std::string region;
  std::string load_balancer_arn;
  std::string protocol;
  int port = 0;
  std::string ssl_policy;
  std::vector<std::string> certificates;        // the default certificate
  std::vector<std::string> extra_certificates;  // AddListenerCertificates
  std::vector<std::string> alpn_policy;
  std::vector<elbv2_action> default_actions;
  std::string default_rule_arn;
  std::map<std::string, std::string> attributes;  // as for load balancers
  std::string parent() const { return load_balancer_arn; }
};

// A rule of a listener. The default rule has a record of its own (its ARN can be tagged) but
// its actions are the listener's default actions.
struct elbv2_rule {
  static constexpr std::string_view kind = "elbv2-rule";
  std::string id;  // its ARN
  std::string region;
  std::string listener_arn;
  int priority = 0;
  bool is_default = false;
  std::vector<elbv2_condition> conditions;
  std::vector<elbv2_action> actions;
  std::string parent() const { return listener_arn; }
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_zone, zone_name, subnet_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_load_balancer, id, region, name, type, scheme,
                                                vpc_id, ip_address_type, dns_name, zones,
                                                security_groups, attributes, created_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_target, id, port, availability_zone, state,
                                                reason, description, drain_until)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_health_check, enabled, protocol, port, path,
                                                interval_seconds, timeout_seconds,
                                                healthy_threshold, unhealthy_threshold,
                                                matcher_http, matcher_grpc)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_target_group, id, region, name, target_type,
                                                protocol, protocol_version, port, vpc_id,
                                                ip_address_type, health_check, attributes, targets,
                                                created_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_weighted_group, target_group_arn, weight)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_action, type, order, target_groups,
                                                stickiness_enabled, stickiness_duration,
                                                status_code, content_type, message_body,
                                                has_message_body, protocol, port, host, path, query)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_key_value, key, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_condition, field, values, header_name,
                                                queries, legacy_values)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_listener, id, region, load_balancer_arn,
                                                protocol, port, ssl_policy, certificates,
                                                extra_certificates, alpn_policy, default_actions,
                                                default_rule_arn, attributes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(elbv2_rule, id, region, listener_arn, priority,
                                                is_default, conditions, actions)

}  // namespace minecs::store
