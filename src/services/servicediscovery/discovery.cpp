// DiscoverInstances and DiscoverInstancesRevision: the API way to find a service's instances by
// the namespace's and service's names, filtered by health and by attributes.
#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::servicediscovery {

namespace {

struct found {
  store::cloudmap_namespace ns;
  store::cloudmap_service service;
};

found find_by_names(api::request_context& ctx, const json& input) {
  auto namespace_name = api::str(input, "NamespaceName");
  auto service_name = api::str(input, "ServiceName");
  for (const auto& n : store::list_cloudmap_namespaces(ctx.db, ctx.scope.region)) {
    if (n.name != namespace_name) {
      continue;
    }
    for (const auto& s : store::list_cloudmap_services(ctx.db, ctx.scope.region, n.id)) {
      if (s.name == service_name) {
        return {n, s};
      }
    }
    throw service_error("ServiceNotFound", "Service not found: " + service_name);
  }
  throw service_error("NamespaceNotFound", "Namespace not found: " + namespace_name);
}

bool has_all(const store::cloudmap_instance& i, const json& wanted) {
  for (const auto& [k, v] : wanted.items()) {
    auto it = i.attributes.find(k);
    if (it == i.attributes.end() || it->second != v.get<std::string>()) {
      return false;
    }
  }
  return true;
}

json discover_instances(api::request_context& ctx, const json& input) {
  auto wanted_health = api::str(input, "HealthStatus", "HEALTHY");
  auto max = page_size(input, 100);
  const auto& query = api::member_or(input, "QueryParameters", json::object());
  const auto& optional = api::member_or(input, "OptionalParameters", json::object());
  return ctx.db.read([&] {
    auto [ns, service] = find_by_names(ctx, input);
    auto all = store::list_cloudmap_instances(ctx.db, service.id);
    std::vector<store::cloudmap_instance> chosen;
    for (const auto& i : all) {
      if (has_all(i, query)) {
        chosen.push_back(i);
      }
    }
    // Optional parameters narrow the choice only when some instance has them all.
    std::vector<store::cloudmap_instance> narrowed;
    for (const auto& i : chosen) {
      if (has_all(i, optional)) {
        narrowed.push_back(i);
      }
    }
    if (!narrowed.empty()) {
      chosen = std::move(narrowed);
    }
    // Without a health check, every instance is returned whatever HealthStatus asks for.
    bool checked = service.custom_health || service.health_check_config.is_object();
    if (checked && wanted_health != "ALL") {
      std::vector<store::cloudmap_instance> healthy, unhealthy;
      for (const auto& i : chosen) {
        (health_of(service, i) == "HEALTHY" ? healthy : unhealthy).push_back(i);
      }
      // HEALTHY_OR_ELSE_ALL fails open: all of them when none is healthy.
      bool fail_open = wanted_health == "HEALTHY_OR_ELSE_ALL" && healthy.empty();
      if (wanted_health == "UNHEALTHY") {
        chosen = unhealthy;
      } else if (!fail_open) {
        chosen = healthy;
      }
    }
    json list = json::array();
    for (std::size_t k = 0; k < chosen.size() && k < max; ++k) {
      list.push_back({{"InstanceId", chosen[k].id},
                      {"NamespaceName", ns.name},
                      {"ServiceName", service.name},
                      {"HealthStatus", health_of(service, chosen[k])},
                      {"Attributes", render_attributes(chosen[k].attributes)}});
    }
    return json{{"Instances", list}, {"InstancesRevision", service.revision}};
  });
}

json discover_instances_revision(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    return json{{"InstancesRevision", find_by_names(ctx, input).service.revision}};
  });
}

}  // namespace

void add_discovery_handlers(api::handler_table& table) {
  table.add("DiscoverInstances", discover_instances);
  table.add("DiscoverInstancesRevision", discover_instances_revision);
}

}  // namespace minecs::servicediscovery
