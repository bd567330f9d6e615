// The records ARNs name, and which load balancers use a target group.
#include "arns.hpp"
#include "handlers.hpp"
#include "minecs/store/elbv2_targets.hpp"

namespace minecs::elbv2 {

namespace {

template <class R>
R require(api::request_context& ctx, const std::string& arn, arn_kind kind, const char* noun,
          service_error (*not_found)()) {
  if (kind_of_arn(arn) != kind) {
    throw validation_error("'" + arn + "' is not a valid " + noun + " ARN");
  }
  auto record = store::find_ec2<R>(ctx.db, ctx.scope.region, arn);
  if (!record) {
    throw not_found();
  }
  return *record;
}

}  // namespace

store::elbv2_load_balancer require_load_balancer(api::request_context& ctx,
                                                 const std::string& arn) {
  return require<store::elbv2_load_balancer>(ctx, arn, arn_kind::load_balancer, "load balancer",
                                             load_balancer_not_found);
}

store::elbv2_target_group require_target_group(api::request_context& ctx, const std::string& arn) {
  return require<store::elbv2_target_group>(ctx, arn, arn_kind::target_group, "target group",
                                            target_group_not_found);
}

store::elbv2_listener require_listener(api::request_context& ctx, const std::string& arn) {
  return require<store::elbv2_listener>(ctx, arn, arn_kind::listener, "listener",
                                        listener_not_found);
}

store::elbv2_rule require_rule(api::request_context& ctx, const std::string& arn) {
  return require<store::elbv2_rule>(ctx, arn, arn_kind::rule, "rule", rule_not_found);
}

std::set<std::string> groups_of(const std::vector<store::elbv2_action>& actions) {
  return store::elbv2_groups_of(actions);
}

std::set<std::string> load_balancers_using(api::request_context& ctx,
                                           const std::string& target_group_arn) {
  return store::elbv2_load_balancers_using(ctx.db, ctx.scope.region, target_group_arn);
}

}  // namespace minecs::elbv2
