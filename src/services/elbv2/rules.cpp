// CreateRule, DescribeRules, ModifyRule, SetRulePriorities and DeleteRule. Rules belong to the
// listeners of Application Load Balancers; each listener also has its default rule, made with
// it, whose actions are the listener's default actions and which cannot be deleted or given a
// priority.
#include <algorithm>
#include <map>

#include "actions.hpp"
#include "arns.hpp"
#include "conditions.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "paging.hpp"

namespace minecs::elbv2 {

namespace {

constexpr std::size_t max_rules = 100;

service_error priority_in_use(int priority) {
  return elb_error("PriorityInUse",
                   "Priority '" + std::to_string(priority) + "' is currently in use");
}

// The rules of a listener in the order ELBv2 evaluates them: by priority, the default last.
std::vector<store::elbv2_rule> rules_of(api::request_context& ctx, const std::string& listener) {
  auto rules = store::list_ec2<store::elbv2_rule>(ctx.db, ctx.scope.region, listener);
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) {
    if (a.is_default != b.is_default) {
      return b.is_default;
    }
    return a.priority < b.priority;
  });
  return rules;
}

void check_rules_allowed(const store::elbv2_listener& listener) {
  if (listener.protocol != "HTTP" && listener.protocol != "HTTPS") {
    throw elb_error("UnsupportedProtocol", "Listener protocol '" + listener.protocol +
                                               "' does not support rules other than the default");
  }
}

json create_rule(api::request_context& ctx, const json& input) {
  auto listener_arn = api::str(input, "ListenerArn");
  if (api::has(input, "Transforms")) {
    throw validation_error("minecs does not support rule transforms");
  }
  return ctx.db.write([&] {
    auto listener = require_listener(ctx, listener_arn);
    check_rules_allowed(listener);
    auto lb = require_load_balancer(ctx, listener.load_balancer_arn);
    store::elbv2_rule rule;
    rule.priority = static_cast<int>(api::opt_int(input, "Priority").value_or(0));
    auto existing = rules_of(ctx, listener.id);
    for (const auto& other : existing) {
      if (!other.is_default && other.priority == rule.priority) {
        throw priority_in_use(rule.priority);
      }
    }
    if (existing.size() > max_rules) {
      throw elb_error("TooManyRules", "A listener can have at most 100 rules");
    }
    rule.conditions = read_conditions(input.at("Conditions"));
    rule.actions = read_actions(ctx, input.at("Actions"), lb, listener.protocol);
    rule.id = rule_arn(listener.id, new_resource_id(ctx));
    rule.region = ctx.scope.region;
    rule.listener_arn = listener.id;
    store::put_ec2(ctx.db, rule);
    put_resource_tags(ctx, rule.id, api::member_or(input, "Tags", json()));
    return json{{"Rules", json::array({render_rule(ctx, rule)})}};
  });
}

json describe_rules(api::request_context& ctx, const json& input) {
  bool by_listener = api::has(input, "ListenerArn");
  bool by_arns = api::has(input, "RuleArns");
  if (by_listener == by_arns) {
    throw validation_error("You must specify either a listener ARN or rule ARNs");
  }
  return ctx.db.read([&] {
    json items = json::array();
    if (by_listener) {
      auto listener = require_listener(ctx, api::str(input, "ListenerArn"));
      for (const auto& rule : rules_of(ctx, listener.id)) {
        items.push_back(render_rule(ctx, rule));
      }
    } else {
      for (const auto& arn : api::str_list(input, "RuleArns")) {
        items.push_back(render_rule(ctx, require_rule(ctx, arn)));
      }
    }
    json out = json::object();
    write_page(out, "Rules", std::move(items), input, "DescribeRules");
    return out;
  });
}

json modify_rule(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "RuleArn");
  if (api::has(input, "Transforms")) {
    throw validation_error("minecs does not support rule transforms");
  }
  return ctx.db.write([&] {
    auto rule = require_rule(ctx, arn);
    auto listener = require_listener(ctx, rule.listener_arn);
    auto lb = require_load_balancer(ctx, listener.load_balancer_arn);
    if (api::has(input, "Conditions")) {
      if (rule.is_default) {
        throw operation_not_permitted("The conditions of the default rule '" + arn +
                                      "' cannot be modified");
      }
      rule.conditions = read_conditions(input.at("Conditions"));
    }
    if (api::has(input, "Actions")) {
      auto actions = read_actions(ctx, input.at("Actions"), lb, listener.protocol);
      // The default rule's actions are its listener's default actions.
      if (rule.is_default) {
        listener.default_actions = std::move(actions);
        store::put_ec2(ctx.db, listener);
      } else {
        rule.actions = std::move(actions);
      }
    }
    store::put_ec2(ctx.db, rule);
    return json{{"Rules", json::array({render_rule(ctx, rule)})}};
  });
}

json set_rule_priorities(api::request_context& ctx, const json& input) {
  return ctx.db.write([&] {
    std::vector<store::elbv2_rule> changed;
    for (const auto& pair : input.at("RulePriorities")) {
      auto rule = require_rule(ctx, api::str(pair, "RuleArn"));
      if (rule.is_default) {
        throw operation_not_permitted("The priority of the default rule '" + rule.id +
                                      "' cannot be set");
      }
      rule.priority = static_cast<int>(api::opt_int(pair, "Priority").value_or(0));
      changed.push_back(std::move(rule));
    }
    for (const auto& rule : changed) {
      store::put_ec2(ctx.db, rule);
    }
    // Every listener touched must end with distinct priorities.
    std::map<std::string, std::map<int, int>> counts;
    for (const auto& rule : changed) {
      if (counts.contains(rule.listener_arn)) {
        continue;
      }
      auto& seen = counts[rule.listener_arn];
      for (const auto& r : rules_of(ctx, rule.listener_arn)) {
        if (!r.is_default && ++seen[r.priority] > 1) {
          throw priority_in_use(r.priority);
        }
      }
    }
    json rules = json::array();
    for (const auto& rule : changed) {
      rules.push_back(render_rule(ctx, rule));
    }
    return json{{"Rules", std::move(rules)}};
  });
}

json delete_rule(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "RuleArn");
  ctx.db.write([&] {
    auto rule = require_rule(ctx, arn);
    if (rule.is_default) {
      throw operation_not_permitted("The default rule '" + arn + "' cannot be deleted");
    }
    delete_resource(ctx, rule.id);
  });
  return json::object();
}

}  // namespace

json render_rule(api::request_context& ctx, const store::elbv2_rule& rule) {
  json out = {{"RuleArn", rule.id}, {"IsDefault", rule.is_default}};
  if (rule.is_default) {
    out["Priority"] = "default";
    out["Conditions"] = json::array();
    out["Actions"] = render_actions(require_listener(ctx, rule.listener_arn).default_actions);
  } else {
    out["Priority"] = std::to_string(rule.priority);
    out["Conditions"] = render_conditions(rule.conditions);
    out["Actions"] = render_actions(rule.actions);
  }
  return out;
}

void add_rule_handlers(api::handler_table& table) {
  table.add("CreateRule", create_rule);
  table.add("DescribeRules", describe_rules);
  table.add("ModifyRule", modify_rule);
  table.add("SetRulePriorities", set_rule_priorities);
  table.add("DeleteRule", delete_rule);
}

}  // namespace minecs::elbv2
