// A customer managed policy's versions: at most five, one of them the default.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::iam {

namespace {

json render_version(const store::iam_policy& p, const store::iam_policy_version& v,
                    bool with_document) {
  json out{{"VersionId", v.id},
           {"IsDefaultVersion", v.id == p.default_version},
           {"CreateDate", v.created}};
  if (with_document) {
    out["Document"] = url_encode(v.document);
  }
  return out;
}

std::vector<store::iam_policy_version>::iterator find_version(policy_ref& p,
                                                              const std::string& id) {
  auto& versions = p.policy.versions;
  auto it =
      std::find_if(versions.begin(), versions.end(), [&](const auto& v) { return v.id == id; });
  if (it == versions.end()) {
    throw no_such_entity("Policy " + p.arn + " version " + id +
                         " does not exist or is not attachable.");
  }
  return it;
}

json create_policy_version(api::request_context& ctx, const json& input) {
  auto document = api::str(input, "PolicyDocument");
  if (check_policy_document(document, policy_kind::identity) > managed_policy_limit) {
    throw limit_exceeded("Cannot exceed quota for PolicySize: 6144");
  }
  return ctx.db.write([&] {
    auto p = get_own_policy(ctx, api::str(input, "PolicyArn"));
    auto& pol = p.policy;
    if (pol.versions.size() >= max_policy_versions) {
      throw limit_exceeded(
          "A managed policy can have up to 5 versions. Before you create a new version, you "
          "must delete an existing version.");
    }
    store::iam_policy_version v{"v" + std::to_string(pol.next_version++), document,
                                now_seconds(ctx)};
    pol.versions.push_back(v);
    if (api::boolean(input, "SetAsDefault")) {
      pol.default_version = v.id;
      pol.updated = v.created;
    }
    store::put_iam(ctx.db, pol);
    return json{{"PolicyVersion", render_version(pol, v, false)}};
  });
}

json get_policy_version(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto p = get_policy(ctx, api::str(input, "PolicyArn"));
    auto it = find_version(p, api::str(input, "VersionId"));
    return json{{"PolicyVersion", render_version(p.policy, *it, true)}};
  });
}

json list_policy_versions(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto p = get_policy(ctx, api::str(input, "PolicyArn"));
    auto versions = p.policy.versions;
    std::reverse(versions.begin(), versions.end());  // newest first
    json out = json::object();
    auto range = page(input, versions.size(), out);
    auto items = json::array();
    for (auto i = range.first; i < range.last; ++i) {
      items.push_back(render_version(p.policy, versions[i], false));
    }
    out["Versions"] = items;
    return out;
  });
}

json delete_policy_version(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto p = get_own_policy(ctx, api::str(input, "PolicyArn"));
    auto it = find_version(p, api::str(input, "VersionId"));
    if (it->id == p.policy.default_version) {
      throw delete_conflict("Cannot delete the default version of a policy.");
    }
    p.policy.versions.erase(it);
    store::put_iam(ctx.db, p.policy);
  });
  return json::object();
}

json set_default_policy_version(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto p = get_own_policy(ctx, api::str(input, "PolicyArn"));
    auto it = find_version(p, api::str(input, "VersionId"));
    p.policy.default_version = it->id;
    p.policy.updated = now_seconds(ctx);
    store::put_iam(ctx.db, p.policy);
  });
  return json::object();
}

}  // namespace

void add_policy_version_handlers(api::handler_table& table) {
  table.add("CreatePolicyVersion", create_policy_version);
  table.add("GetPolicyVersion", get_policy_version);
  table.add("ListPolicyVersions", list_policy_versions);
  table.add("DeletePolicyVersion", delete_policy_version);
  table.add("SetDefaultPolicyVersion", set_default_policy_version);
}

}  // namespace minecs::iam
