// Security group rules: AuthorizeSecurityGroupIngress/Egress, RevokeSecurityGroupIngress/Egress
// and DescribeSecurityGroupRules.
#include <algorithm>

#include "describe.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "permissions.hpp"
#include "security_groups.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

filter_fields rule_fields(api::request_context&, const sg_rule& r) {
  return {{"group-id", {r.group_id}}, {"security-group-rule-id", {r.id}}};
}

const describe_spec<sg_rule> rule_listing{"DescribeSecurityGroupRules", "SecurityGroupRuleIds",
                                          "SecurityGroupRules", rule_fields, render_rule};

// The group a rule request is about: egress rules name it by GroupId only.
store::ec2_security_group group_for_rules(api::request_context& ctx, const json& input,
                                          bool is_egress) {
  if (is_egress && !api::has(input, "GroupId")) {
    throw missing_parameter("groupId");
  }
  return group_of_request(ctx, input);
}

json authorize(api::request_context& ctx, const json& input, bool is_egress) {
  auto tags = tags_from_specifications(input, "security-group-rule");
  return ctx.db.write([&] {
    auto group = group_for_rules(ctx, input, is_egress);
    auto wanted = requested_rules(ctx, group, is_egress, input);
    if (wanted.empty()) {
      throw missing_parameter("ipPermissions");
    }
    auto existing = store::list_ec2<sg_rule>(ctx.db, ctx.scope.region, group.id);
    json created = json::array();
    for (auto& r : wanted) {
      bool duplicate = std::any_of(existing.begin(), existing.end(),
                                   [&](const sg_rule& e) { return same_rule(e, r); });
      if (duplicate) {
        throw ec2_error("InvalidPermission.Duplicate",
                        "the specified rule \"" + rule_summary(r) + "\" already exists");
      }
      r.id = new_id(ctx, "sgr");
      store::put_ec2(ctx.db, r);
      put_resource_tags(ctx, r.id, tags);
      existing.push_back(r);
      created.push_back(render_rule(ctx, r, tags));
    }
    return json{{"Return", true}, {"SecurityGroupRules", std::move(created)}};
  });
}

// The rules a revoke names by SecurityGroupRuleIds, each a rule of the group and direction.
std::vector<sg_rule> rules_by_id(const std::vector<sg_rule>& existing,
                                 const std::vector<std::string>& ids) {
  std::vector<sg_rule> out;
  const auto& kind = kind_of_type(sg_rule::kind);
  for (const auto& id : ids) {
    auto it = std::find_if(existing.begin(), existing.end(),
                           [&](const sg_rule& r) { return r.id == id; });
    if (it == existing.end()) {
      throw well_formed(kind, id) ? not_found(kind, id) : malformed(kind, id);
    }
    out.push_back(*it);
  }
  return out;
}

json revoke(api::request_context& ctx, const json& input, bool is_egress) {
  auto ids = api::str_list(input, "SecurityGroupRuleIds");
  return ctx.db.write([&] {
    auto group = group_for_rules(ctx, input, is_egress);
    std::vector<sg_rule> existing;
    for (auto& r : store::list_ec2<sg_rule>(ctx.db, ctx.scope.region, group.id)) {
      if (r.is_egress == is_egress) {
        existing.push_back(std::move(r));
      }
    }
    std::vector<sg_rule> doomed;
    if (!ids.empty()) {
      if (api::has(input, "IpPermissions") || api::has(input, "IpProtocol")) {
        throw invalid_parameter_combination(
            "The parameter 'securityGroupRuleIds' may not be used in combination with "
            "'ipPermissions' or 'ipProtocol'");
      }
      doomed = rules_by_id(existing, ids);
    } else {
      auto wanted = requested_rules(ctx, group, is_egress, input);
      if (wanted.empty()) {
        throw missing_parameter("ipPermissions");
      }
      for (const auto& w : wanted) {
        auto it = std::find_if(existing.begin(), existing.end(),
                               [&](const sg_rule& e) { return same_rule(e, w); });
        if (it == existing.end()) {
          throw ec2_error("InvalidPermission.NotFound",
                          "The specified rule does not exist in this security group.");
        }
        doomed.push_back(*it);
      }
    }
    json revoked = json::array();
    for (const auto& r : doomed) {
      delete_resource(ctx, r.id);
      revoked.push_back(render_revoked_rule(r));
    }
    return json{{"Return", true}, {"RevokedSecurityGroupRules", std::move(revoked)}};
  });
}

json authorize_ingress(api::request_context& ctx, const json& input) {
  return authorize(ctx, input, false);
}
json authorize_egress(api::request_context& ctx, const json& input) {
  return authorize(ctx, input, true);
}
json revoke_ingress(api::request_context& ctx, const json& input) {
  return revoke(ctx, input, false);
}
json revoke_egress(api::request_context& ctx, const json& input) {
  return revoke(ctx, input, true);
}

json describe_security_group_rules(api::request_context& ctx, const json& input) {
  return describe_records(ctx, input, rule_listing);
}

}  // namespace

void add_rule_handlers(api::handler_table& table) {
  add_handler(table, "AuthorizeSecurityGroupIngress", authorize_ingress);
  add_handler(table, "AuthorizeSecurityGroupEgress", authorize_egress);
  add_handler(table, "RevokeSecurityGroupIngress", revoke_ingress);
  add_handler(table, "RevokeSecurityGroupEgress", revoke_egress);
  add_handler(table, "DescribeSecurityGroupRules", describe_security_group_rules);
}

}  // namespace minecs::ec2
