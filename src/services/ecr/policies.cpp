// Lifecycle policies (checked with the rules the registry sync applies) and repository policies
// (stored, not enforced).
#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/registry/lifecycle.hpp"

namespace minecs::ecr {

namespace {

service_error lifecycle_policy_not_found(const api::request_context& ctx,
                                         const store::ecr_repository& r) {
  return {"LifecyclePolicyNotFoundException",
          "Lifecycle policy does not exist for the repository with name '" + r.name +
              "' in the registry with id '" + ctx.scope.account + "'"};
}

service_error repository_policy_not_found(const api::request_context& ctx,
                                          const store::ecr_repository& r) {
  return {"RepositoryPolicyNotFoundException",
          "Repository policy does not exist for the repository with name '" + r.name +
              "' in the registry with id '" + ctx.scope.account + "'"};
}

json lifecycle_answer(const api::request_context& ctx, const store::ecr_repository& r,
                      bool with_time) {
  json out{{"registryId", ctx.scope.account},
           {"repositoryName", r.name},
           {"lifecyclePolicyText", r.lifecycle_policy}};
  if (with_time) {
    out["lastEvaluatedAt"] = r.lifecycle_updated_at;
  }
  return out;
}

json put_lifecycle_policy(api::request_context& ctx, const json& input) {
  auto text = api::str(input, "lifecyclePolicyText");
  try {
    registry::parse_lifecycle_policy(text);
  } catch (const registry::invalid_policy& e) {
    throw invalid_parameter(e.what());
  }
  auto r = ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    repo.lifecycle_policy = text;
    repo.lifecycle_updated_at = ctx.clock.now();
    store::put_ecr_repository(ctx.db, repo);
    return repo;
  });
  return lifecycle_answer(ctx, r, false);
}

json get_lifecycle_policy(api::request_context& ctx, const json& input) {
  auto r = ctx.db.read([&] { return need_repository(ctx, input); });
  if (r.lifecycle_policy.empty()) {
    throw lifecycle_policy_not_found(ctx, r);
  }
  return lifecycle_answer(ctx, r, true);
}

json delete_lifecycle_policy(api::request_context& ctx, const json& input) {
  auto r = ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    if (repo.lifecycle_policy.empty()) {
      throw lifecycle_policy_not_found(ctx, repo);
    }
    auto before = repo;
    repo.lifecycle_policy.clear();
    store::put_ecr_repository(ctx.db, repo);
    return before;
  });
  return lifecycle_answer(ctx, r, true);
}

json policy_answer(const api::request_context& ctx, const store::ecr_repository& r) {
  return {{"registryId", ctx.scope.account},
          {"repositoryName", r.name},
          {"policyText", r.repository_policy}};
}

json set_repository_policy(api::request_context& ctx, const json& input) {
  auto text = api::str(input, "policyText");
  auto doc = json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("Statement")) {
    throw invalid_parameter(
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: "
        "'Invalid repository policy provided'");
  }
  auto r = ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    repo.repository_policy = text;
    store::put_ecr_repository(ctx.db, repo);
    return repo;
  });
  return policy_answer(ctx, r);
}

json get_repository_policy(api::request_context& ctx, const json& input) {
  auto r = ctx.db.read([&] { return need_repository(ctx, input); });
  if (r.repository_policy.empty()) {
    throw repository_policy_not_found(ctx, r);
  }
  return policy_answer(ctx, r);
}

json delete_repository_policy(api::request_context& ctx, const json& input) {
  auto r = ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    if (repo.repository_policy.empty()) {
      throw repository_policy_not_found(ctx, repo);
    }
    auto before = repo;
    repo.repository_policy.clear();
    store::put_ecr_repository(ctx.db, repo);
    return before;
  });
  return policy_answer(ctx, r);
}

}  // namespace

void add_policy_handlers(api::handler_table& table) {
  table.add("PutLifecyclePolicy", put_lifecycle_policy);
  table.add("GetLifecyclePolicy", get_lifecycle_policy);
  table.add("DeleteLifecyclePolicy", delete_lifecycle_policy);
  table.add("SetRepositoryPolicy", set_repository_policy);
  table.add("GetRepositoryPolicy", get_repository_policy);
  table.add("DeleteRepositoryPolicy", delete_repository_policy);
}

}  // namespace minecs::ecr
