// Roles: create, read, list by path prefix, update, and delete once nothing holds them.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::iam {

namespace {

void check_trust_policy(const std::string& document) {
  if (check_policy_document(document, policy_kind::trust) > trust_policy_limit) {
    throw limit_exceeded("Cannot exceed quota for ACLSizePerRole: 2048");
  }
}

json create_role(api::request_context& ctx, const json& input) {
  store::iam_role r;
  r.name = api::str(input, "RoleName");
  r.path = api::str(input, "Path", "/");
  r.description = api::str(input, "Description");
  r.assume_role_policy = api::str(input, "AssumeRolePolicyDocument");
  r.max_session_duration =
      static_cast<int>(api::opt_int(input, "MaxSessionDuration").value_or(3600));
  check_trust_policy(r.assume_role_policy);
  r.tags = merge_tags({}, input);
  return ctx.db.write([&] {
    if (find_role(ctx, r.name)) {
      throw entity_exists("Role with name " + r.name + " already exists.");
    }
    r.id = new_id(ctx, "AROA");
    r.created = now_seconds(ctx);
    store::put_iam(ctx.db, r);
    return json{{"Role", render_role(ctx, r, true)}};
  });
}

json get_role_op(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    auto out = render_role(ctx, r, true);
    out["RoleLastUsed"] = json::object();
    return json{{"Role", out}};
  });
}

json list_roles(api::request_context& ctx, const json& input) {
  auto prefix = api::str(input, "PathPrefix", "/");
  return ctx.db.read([&] {
    auto roles = store::list_iam<store::iam_role>(ctx.db);
    std::erase_if(roles, [&](const auto& r) { return r.path.rfind(prefix, 0) != 0; });
    json out = json::object();
    auto range = page(input, roles.size(), out);
    auto items = json::array();
    for (auto i = range.first; i < range.last; ++i) {
      items.push_back(render_role(ctx, roles[i], false));
    }
    out["Roles"] = items;
    return out;
  });
}

json update_role(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    if (auto d = api::opt_str(input, "Description")) {
      r.description = *d;
    }
    if (auto m = api::opt_int(input, "MaxSessionDuration")) {
      r.max_session_duration = static_cast<int>(*m);
    }
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json update_role_description(api::request_context& ctx, const json& input) {
  return ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    r.description = api::str(input, "Description");
    store::put_iam(ctx.db, r);
    return json{{"Role", render_role(ctx, r, true)}};
  });
}

json update_assume_role_policy(api::request_context& ctx, const json& input) {
  auto document = api::str(input, "PolicyDocument");
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    check_trust_policy(document);
    r.assume_role_policy = document;
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json delete_role(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    for (const auto& p : store::list_iam<store::iam_instance_profile>(ctx.db)) {
      for (const auto& name : p.roles) {
        if (store::iam_key(name) == r.key()) {
          throw delete_conflict(
              "Cannot delete entity, must remove roles from instance profile first.");
        }
      }
    }
    if (!r.attached_policies.empty()) {
      throw delete_conflict("Cannot delete entity, must detach all policies first.");
    }
    if (!r.inline_policies.empty()) {
      throw delete_conflict("Cannot delete entity, must delete policies first.");
    }
    store::delete_iam<store::iam_role>(ctx.db, r.name);
  });
  return json::object();
}

}  // namespace

void add_role_handlers(api::handler_table& table) {
  table.add("CreateRole", create_role);
  table.add("GetRole", get_role_op);
  table.add("ListRoles", list_roles);
  table.add("UpdateRole", update_role);
  table.add("UpdateRoleDescription", update_role_description);
  table.add("UpdateAssumeRolePolicy", update_assume_role_policy);
  table.add("DeleteRole", delete_role);
}

}  // namespace minecs::iam
