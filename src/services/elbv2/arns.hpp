#pragma once
// ELBv2's ARNs and names: making a resource's ARN, telling what an ARN names, and the rules of
// load balancer and target group names.
#include <string>
#include <string_view>

#include "minecs/api/handler.hpp"

namespace minecs::elbv2 {

// 16 lowercase hex digits, the last part of every ELBv2 ARN.
std::string new_resource_id(api::request_context& ctx);

// arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app|net/<name>/<id>
std::string load_balancer_arn(const scope& s, const std::string& type, const std::string& name,
                              const std::string& id);
// ...:targetgroup/<name>/<id>
std::string target_group_arn(const scope& s, const std::string& name, const std::string& id);
// ...:listener/app/<lb name>/<lb id>/<id>, from its load balancer's ARN
std::string listener_arn(const std::string& load_balancer_arn, const std::string& id);
// ...:listener-rule/app/<lb name>/<lb id>/<listener id>/<id>, from its listener's ARN
std::string rule_arn(const std::string& listener_arn, const std::string& id);

enum class arn_kind { none, load_balancer, target_group, listener, rule };
// What an ELBv2 ARN names by its resource type; none for anything else.
arn_kind kind_of_arn(std::string_view arn);

// Throws ValidationError unless the name is one ELBv2 takes: 1 to 32 letters, digits and
// hyphens, not starting or ending with a hyphen (nor, for a load balancer, with "internal-").
void check_load_balancer_name(const std::string& name);
void check_target_group_name(const std::string& name);

}  // namespace minecs::elbv2
