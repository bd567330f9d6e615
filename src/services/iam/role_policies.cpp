// A role's inline policies: put (replacing one of the same name), get, delete, list.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::iam {

namespace {

service_error no_such_role_policy(const std::string& name) {
  return no_such_entity("The role policy with name " + name + " cannot be found.");
}

json put_role_policy(api::request_context& ctx, const json& input) {
  store::iam_inline_policy p{api::str(input, "PolicyName"), api::str(input, "PolicyDocument")};
  auto size = check_policy_document(p.document, policy_kind::identity);
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    // The quota counts every inline policy of the role together.
    auto total = size;
    for (const auto& other : r.inline_policies) {
      if (other.name != p.name) {
        total += json::parse(other.document).dump().size();
      }
    }
    if (total > role_inline_policies_limit) {
      throw limit_exceeded("Maximum policy size of 10240 bytes exceeded for role " + r.name);
    }
    auto it = std::find_if(r.inline_policies.begin(), r.inline_policies.end(),
                           [&](const auto& e) { return e.name == p.name; });
    if (it == r.inline_policies.end()) {
      r.inline_policies.push_back(p);
    } else {
      *it = p;
    }
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json get_role_policy(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "PolicyName");
  return ctx.db.read([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    for (const auto& p : r.inline_policies) {
      if (p.name == name) {
        return json{{"RoleName", r.name},
                    {"PolicyName", p.name},
                    {"PolicyDocument", url_encode(p.document)}};
      }
    }
    throw no_such_role_policy(name);
  });
}

json delete_role_policy(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "PolicyName");
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    if (std::erase_if(r.inline_policies, [&](const auto& p) { return p.name == name; }) == 0) {
      throw no_such_role_policy(name);
    }
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json list_role_policies(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    std::vector<std::string> names;
    for (const auto& p : r.inline_policies) {
      names.push_back(p.name);
    }
    std::sort(names.begin(), names.end());
    json out = json::object();
    auto range = page(input, names.size(), out);
    out["PolicyNames"] = std::vector<std::string>(names.begin() + static_cast<long>(range.first),
                                                  names.begin() + static_cast<long>(range.last));
    return out;
  });
}

}  // namespace

void add_role_policy_handlers(api::handler_table& table) {
  table.add("PutRolePolicy", put_role_policy);
  table.add("GetRolePolicy", get_role_policy);
  table.add("DeleteRolePolicy", delete_role_policy);
  table.add("ListRolePolicies", list_role_policies);
}

}  // namespace minecs::iam
