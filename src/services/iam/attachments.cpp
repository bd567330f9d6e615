// Managed policies attached to roles (at most 10 a role), and who a policy is attached to.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::iam {

namespace {

json attach_role_policy(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    auto p = get_policy(ctx, api::str(input, "PolicyArn"));
    auto& attached = r.attached_policies;
    if (std::find(attached.begin(), attached.end(), p.arn) != attached.end()) {
      return;  // attaching again changes nothing, as on IAM
    }
    if (attached.size() >= max_attached_policies_per_role) {
      throw limit_exceeded("Cannot exceed quota for PoliciesPerRole: 10");
    }
    attached.push_back(p.arn);
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json detach_role_policy(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "PolicyArn");
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    if (std::erase(r.attached_policies, arn) == 0) {
      throw no_such_entity("Policy " + arn + " was not found.");
    }
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json list_attached_role_policies(api::request_context& ctx, const json& input) {
  auto prefix = api::str(input, "PathPrefix", "/");
  return ctx.db.read([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    auto items = json::array();
    for (const auto& arn : r.attached_policies) {
      // The ARN holds the path: arn:aws:iam::<account>:policy<path><name>.
      auto path_and_name = arn.substr(arn.find(":policy") + 7);
      auto slash = path_and_name.rfind('/');
      if (path_and_name.substr(0, slash + 1).rfind(prefix, 0) == 0) {
        items.push_back({{"PolicyName", path_and_name.substr(slash + 1)}, {"PolicyArn", arn}});
      }
    }
    json out = json::object();
    auto range = page(input, items.size(), out);
    out["AttachedPolicies"] =
        json(std::vector<json>(items.begin() + static_cast<long>(range.first),
                               items.begin() + static_cast<long>(range.last)));
    return out;
  });
}

json list_entities_for_policy(api::request_context& ctx, const json& input) {
  auto filter = api::str(input, "EntityFilter");
  auto prefix = api::str(input, "PathPrefix", "/");
  return ctx.db.read([&] {
    auto p = get_policy(ctx, api::str(input, "PolicyArn"));
    auto roles = json::array();
    if (filter.empty() || filter == "Role") {
      for (const auto& r : store::list_iam<store::iam_role>(ctx.db)) {
        const auto& a = r.attached_policies;
        if (r.path.rfind(prefix, 0) == 0 && std::find(a.begin(), a.end(), p.arn) != a.end()) {
          roles.push_back({{"RoleName", r.name}, {"RoleId", r.id}});
        }
      }
    }
    json out = json::object();
    auto range = page(input, roles.size(), out);
    out["PolicyRoles"] = json(std::vector<json>(roles.begin() + static_cast<long>(range.first),
                                                roles.begin() + static_cast<long>(range.last)));
    out["PolicyUsers"] = json::array();
    out["PolicyGroups"] = json::array();
    return out;
  });
}

}  // namespace

void add_attachment_handlers(api::handler_table& table) {
  table.add("AttachRolePolicy", attach_role_policy);
  table.add("DetachRolePolicy", detach_role_policy);
  table.add("ListAttachedRolePolicies", list_attached_role_policies);
  table.add("ListEntitiesForPolicy", list_entities_for_policy);
}

}  // namespace minecs::iam
