#include <map>
#include <set>

#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/account_settings.hpp"

namespace minecs::ecs {

namespace {

struct setting_rule {
  std::set<std::string> values;
  std::string aws_default;
  bool default_only = false;  // settable only with PutAccountSettingDefault, as in ECS
  bool always_on = false;     // the long ARN formats: ECS no longer lets anyone turn them off
};

// What each account setting accepts and AWS's own default, from the ECS API reference.
const std::map<std::string, setting_rule>& rules() {
  static const std::map<std::string, setting_rule> all = {
      {"serviceLongArnFormat", {{"enabled", "disabled"}, "enabled", false, true}},
      {"taskLongArnFormat", {{"enabled", "disabled"}, "enabled", false, true}},
      {"containerInstanceLongArnFormat", {{"enabled", "disabled"}, "enabled", false, true}},
      {"awsvpcTrunking", {{"enabled", "disabled"}, "disabled"}},
      {"containerInsights", {{"enabled", "disabled", "enhanced"}, "disabled"}},
      {"fargateFIPSMode", {{"enabled", "disabled"}, "disabled", true}},
      {"tagResourceAuthorization", {{"on", "off"}, "on"}},
      {"fargateTaskRetirementWaitPeriod", {{"0", "7", "14"}, "7", true}},
      {"guardDutyActivate", {{"on", "off"}, "off", true}},
      {"defaultLogDriverMode", {{"blocking", "non-blocking"}, "non-blocking", true}},
  };
  return all;
}

std::string root_principal(const api::request_context& ctx) {
  return "arn:aws:iam::" + ctx.scope.account + ":root";
}

const setting_rule& rule_for(const std::string& name, const std::string& value) {
  auto it = rules().find(name);
  if (it == rules().end()) {
    throw invalid_parameter("Unknown account setting " + name + ".");
  }
  if (!it->second.values.contains(value)) {
    std::string allowed;
    for (const auto& v : it->second.values) {
      allowed += (allowed.empty() ? "" : ", ") + v;
    }
    throw invalid_parameter("Invalid value " + value + " for account setting " + name +
                            ". Valid values: " + allowed + ".");
  }
  if (it->second.always_on && value == "disabled") {
    throw invalid_parameter("You can no longer disable Long Arn settings");
  }
  return it->second;
}

// ECS's Setting.type: guardDutyActivate is the one setting AWS manages; every other one is the
// user's, whoever set its value (even when it is AWS's default).
json render(const store::account_setting& s) {
  return {{"name", s.name},
          {"value", s.value},
          {"principalArn", s.principal_arn},
          {"type", s.name == "guardDutyActivate" ? "aws_managed" : "user"}};
}

std::string principal_of(const api::request_context& ctx, const json& input) {
  auto p = api::str(input, "principalArn", root_principal(ctx));
  if (p.rfind("arn:", 0) != 0) {
    throw invalid_parameter("principalArn must be an IAM user, role or root ARN.");
  }
  return p;
}

json put_account_setting(api::request_context& ctx, const json& input) {
  store::account_setting s{api::str(input, "name"), api::str(input, "value"),
                           principal_of(ctx, input)};
  const auto& rule = rule_for(s.name, s.value);
  if (rule.default_only && s.principal_arn != root_principal(ctx)) {
    throw invalid_parameter("The " + s.name +
                            " account setting can only be changed for the whole account, with "
                            "PutAccountSettingDefault.");
  }
  ctx.db.write([&] { store::put_account_setting(ctx.db, ctx.scope.region, s); });
  return {{"setting", render(s)}};
}

json put_account_setting_default(api::request_context& ctx, const json& input) {
  store::account_setting s{api::str(input, "name"), api::str(input, "value"), root_principal(ctx)};
  rule_for(s.name, s.value);
  ctx.db.write([&] { store::put_account_setting(ctx.db, ctx.scope.region, s); });
  return {{"setting", render(s)}};
}

json delete_account_setting(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "name");
  if (!rules().contains(name)) {
    throw invalid_parameter("Unknown account setting " + name + ".");
  }
  auto principal = principal_of(ctx, input);
  return ctx.db.write([&] {
    std::string value;
    for (const auto& s : store::account_settings_of(ctx.db, ctx.scope.region, principal)) {
      if (s.name == name) {
        value = s.value;
      }
    }
    if (!store::delete_account_setting(ctx.db, ctx.scope.region, principal, name)) {
      throw invalid_parameter("The account setting " + name + " is not set for " + principal + ".");
    }
    return json{{"setting", render({name, value, principal})}};
  });
}

// The principal's own settings, then (effectiveSettings) the account defaults and AWS's defaults
// for the names it has not set: the order in which ECS resolves them.
json list_account_settings(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "name");
  auto value = api::str(input, "value");
  if (!value.empty() && name.empty()) {
    throw invalid_parameter("value can only be given together with name.");
  }
  auto principal = principal_of(ctx, input);
  bool effective = api::boolean(input, "effectiveSettings");
  int limit = api::page_size(input, 10, 100);
  std::size_t start = 0;
  if (auto token = api::opt_str(input, "nextToken")) {
    auto cursor = api::decode_page_token(*token, "account-settings");
    if (!cursor.is_number_unsigned()) {
      throw invalid_parameter("Invalid token " + *token);
    }
    start = cursor.get<std::size_t>();
  }
  auto all = ctx.db.read([&] {
    json out = json::array();
    std::set<std::string> seen;
    for (const auto& s : store::account_settings_of(ctx.db, ctx.scope.region, principal)) {
      seen.insert(s.name);
      out.push_back(render(s));
    }
    if (effective) {
      if (principal != root_principal(ctx)) {
        for (const auto& s :
             store::account_settings_of(ctx.db, ctx.scope.region, root_principal(ctx))) {
          if (seen.insert(s.name).second) {
            out.push_back(render(s));
          }
        }
      }
      for (const auto& [n, rule] : rules()) {
        if (seen.insert(n).second) {
          out.push_back(render({n, rule.aws_default, root_principal(ctx)}));
        }
      }
    }
    return out;
  });
  json filtered = json::array();
  for (const auto& s : all) {
    if ((name.empty() || s["name"] == name) && (value.empty() || s["value"] == value)) {
      filtered.push_back(s);
    }
  }
  json page = json::array();
  for (std::size_t i = start; i < filtered.size() && page.size() < static_cast<std::size_t>(limit);
       ++i) {
    page.push_back(filtered[i]);
  }
  json out = {{"settings", page}};
  if (start + page.size() < filtered.size()) {
    out["nextToken"] =
        api::encode_page_token(api::make_page_cursor("account-settings", start + page.size()));
  }
  return out;
}

}  // namespace

void add_account_setting_handlers(api::handler_table& table) {
  table.add("PutAccountSetting", put_account_setting);
  table.add("PutAccountSettingDefault", put_account_setting_default);
  table.add("DeleteAccountSetting", delete_account_setting);
  table.add("ListAccountSettings", list_account_settings);
}

}  // namespace minecs::ecs
