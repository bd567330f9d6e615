#pragma once
// What the ELBv2 handlers of this directory share: their registration, the lookups of each
// resource by ARN, and what one resource's handlers need of another's (a target group is in use
// when a listener or rule of a load balancer forwards to it).
#include <set>
#include <string>
#include <vector>

#include "errors.hpp"
#include "minecs/api/handler.hpp"
#include "minecs/services/elbv2.hpp"
#include "minecs/store/elbv2_records.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::elbv2 {

// Registration, one per source file; register_handlers calls them all.
void add_target_group_handlers(api::handler_table& table);
void add_target_handlers(api::handler_table& table);
void add_attribute_handlers(api::handler_table& table);
void add_load_balancer_handlers(api::handler_table& table, const options& opts);
void add_listener_handlers(api::handler_table& table);
void add_listener_certificate_handlers(api::handler_table& table);
void add_rule_handlers(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);
void add_capacity_reservation_handlers(api::handler_table& table);

// Inside a transaction: the record an ARN names, or ELBv2's not-found error (ValidationError for
// a value that is no ARN of that kind).
store::elbv2_load_balancer require_load_balancer(api::request_context& ctx, const std::string& arn);
store::elbv2_target_group require_target_group(api::request_context& ctx, const std::string& arn);
store::elbv2_listener require_listener(api::request_context& ctx, const std::string& arn);
store::elbv2_rule require_rule(api::request_context& ctx, const std::string& arn);

// Inside a transaction: the load balancers whose listeners or rules forward to the group.
std::set<std::string> load_balancers_using(api::request_context& ctx,
                                           const std::string& target_group_arn);
// The target groups one listener or rule forwards to.
std::set<std::string> groups_of(const std::vector<store::elbv2_action>& actions);

// Inside a write: a resource's tags from a request's Tags (DuplicateTagKeys, TooManyTags).
void put_resource_tags(api::request_context& ctx, const std::string& arn, const json& tag_list);
// Inside a write: removes a record and its tags.
void delete_resource(api::request_context& ctx, const std::string& arn);

// The target group as DescribeTargetGroups renders it (its LoadBalancerArns looked up, or given).
json render_target_group(api::request_context& ctx, const store::elbv2_target_group& group);
json render_target_group(const store::elbv2_target_group& group,
                         const std::set<std::string>& load_balancer_arns);
json render_load_balancer(const store::elbv2_load_balancer& lb, const std::string& state);
json render_listener(const store::elbv2_listener& listener);
// Inside a transaction: a rule (a default rule shows its listener's default actions).
json render_rule(api::request_context& ctx, const store::elbv2_rule& rule);

// Throws CertificateNotFound unless the ARN names an ACM or IAM certificate. minecs has no ACM
// to ask, so any such ARN is taken.
void check_certificate_arn(const std::string& arn);

// Inside a write: a load balancer's listeners and their rules (DeleteLoadBalancer).
void delete_listeners_of(api::request_context& ctx, const std::string& load_balancer_arn);

}  // namespace minecs::elbv2
