// Instance profiles and the one role each may hold.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::iam {

namespace {

store::iam_instance_profile get_profile(api::request_context& ctx, const std::string& name) {
  auto p = store::find_iam<store::iam_instance_profile>(ctx.db, name);
  if (!p) {
    throw no_such_entity("Instance Profile " + name + " cannot be found.");
  }
  return *p;
}

json create_instance_profile(api::request_context& ctx, const json& input) {
  store::iam_instance_profile p;
  p.name = api::str(input, "InstanceProfileName");
  p.path = api::str(input, "Path", "/");
  p.tags = merge_tags({}, input);
  return ctx.db.write([&] {
    if (store::find_iam<store::iam_instance_profile>(ctx.db, p.name)) {
      throw entity_exists("Instance Profile " + p.name + " already exists.");
    }
    p.id = new_id(ctx, "AIPA");
    p.created = now_seconds(ctx);
    store::put_iam(ctx.db, p);
    return json{{"InstanceProfile", render_instance_profile(ctx, p)}};
  });
}

json get_instance_profile(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto p = get_profile(ctx, api::str(input, "InstanceProfileName"));
    return json{{"InstanceProfile", render_instance_profile(ctx, p)}};
  });
}

json delete_instance_profile(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto p = get_profile(ctx, api::str(input, "InstanceProfileName"));
    if (!p.roles.empty()) {
      throw delete_conflict("Cannot delete entity, must remove roles from instance profile first.");
    }
    store::delete_iam<store::iam_instance_profile>(ctx.db, p.name);
  });
  return json::object();
}

json list_profiles(api::request_context& ctx, const json& input,
                   const std::vector<store::iam_instance_profile>& profiles) {
  json out = json::object();
  auto range = page(input, profiles.size(), out);
  auto items = json::array();
  for (auto i = range.first; i < range.last; ++i) {
    items.push_back(render_instance_profile(ctx, profiles[i]));
  }
  out["InstanceProfiles"] = items;
  return out;
}

json list_instance_profiles(api::request_context& ctx, const json& input) {
  auto prefix = api::str(input, "PathPrefix", "/");
  return ctx.db.read([&] {
    auto profiles = store::list_iam<store::iam_instance_profile>(ctx.db);
    std::erase_if(profiles, [&](const auto& p) { return p.path.rfind(prefix, 0) != 0; });
    return list_profiles(ctx, input, profiles);
  });
}

json list_instance_profiles_for_role(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    auto profiles = store::list_iam<store::iam_instance_profile>(ctx.db);
    std::erase_if(profiles, [&](const auto& p) {
      return std::none_of(p.roles.begin(), p.roles.end(),
                          [&](const auto& n) { return store::iam_key(n) == r.key(); });
    });
    return list_profiles(ctx, input, profiles);
  });
}

json add_role_to_instance_profile(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto p = get_profile(ctx, api::str(input, "InstanceProfileName"));
    auto r = get_role(ctx, api::str(input, "RoleName"));
    if (!p.roles.empty()) {
      throw limit_exceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
    }
    p.roles.push_back(r.name);
    store::put_iam(ctx.db, p);
  });
  return json::object();
}

json remove_role_from_instance_profile(api::request_context& ctx, const json& input) {
  auto role = api::str(input, "RoleName");
  ctx.db.write([&] {
    auto p = get_profile(ctx, api::str(input, "InstanceProfileName"));
    get_role(ctx, role);
    if (std::erase_if(p.roles, [&](const auto& n) {
          return store::iam_key(n) == store::iam_key(role);
        }) == 0) {
      throw no_such_entity("The role with name " + role + " cannot be found in instance profile " +
                           p.name + ".");
    }
    store::put_iam(ctx.db, p);
  });
  return json::object();
}

}  // namespace

void add_instance_profile_handlers(api::handler_table& table) {
  table.add("CreateInstanceProfile", create_instance_profile);
  table.add("GetInstanceProfile", get_instance_profile);
  table.add("DeleteInstanceProfile", delete_instance_profile);
  table.add("ListInstanceProfiles", list_instance_profiles);
  table.add("ListInstanceProfilesForRole", list_instance_profiles_for_role);
  table.add("AddRoleToInstanceProfile", add_role_to_instance_profile);
  table.add("RemoveRoleFromInstanceProfile", remove_role_from_instance_profile);
}

}  // namespace minecs::iam
