// A secret's resource policy: stored and returned, not enforced (as IAM's policies). Terraform's
// aws_secretsmanager_secret reads it after every create and on every plan.
#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::secretsmanager {

namespace {

json get_resource_policy(api::request_context& ctx, const json& input) {
  auto s = ctx.db.read([&] { return require_secret(ctx, api::str(input, "SecretId")); });
  json out{{"ARN", s.arn}, {"Name", s.name}};
  if (!s.resource_policy.empty()) {
    out["ResourcePolicy"] = s.resource_policy;
  }
  return out;
}

json put_resource_policy(api::request_context& ctx, const json& input) {
  auto policy = api::str(input, "ResourcePolicy");
  auto parsed = json::parse(policy, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    throw service_error("MalformedPolicyDocumentException",
                        "This resource policy contains a syntax error.");
  }
  return ctx.db.write([&] {
    auto s = require_live_secret(ctx, api::str(input, "SecretId"));
    s.resource_policy = policy;
    store::put_secret(ctx.db, s);
    return json{{"ARN", s.arn}, {"Name", s.name}};
  });
}

json delete_resource_policy(api::request_context& ctx, const json& input) {
  return ctx.db.write([&] {
    auto s = require_live_secret(ctx, api::str(input, "SecretId"));
    s.resource_policy.clear();
    store::put_secret(ctx.db, s);
    return json{{"ARN", s.arn}, {"Name", s.name}};
  });
}

}  // namespace

void add_resource_policy_handlers(api::handler_table& table) {
  table.add("GetResourcePolicy", get_resource_policy);
  table.add("PutResourcePolicy", put_resource_policy);
  table.add("DeleteResourcePolicy", delete_resource_policy);
}

}  // namespace minecs::secretsmanager
