// Service Connect as minecs does it: ECS's part (the namespace, the Cloud Map service of each
// services[] entry, the deployment's serviceConnectConfiguration and serviceConnectResources) is
// faithful; the traffic goes through minecs's own proxy, not Envoy: the scheduler registers the
// tasks in those Cloud Map services, and each client alias gets an address, a name in the tasks'
// DNS and a TCP proxy to the tasks from the load balancers' layer (lb/service_connect.hpp).
#include <set>

#include "minecs/api/input.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/tags.hpp"
#include "services/common.hpp"

namespace minecs::ecs::services {

std::optional<store::cloudmap_namespace> find_connect_namespace(api::request_context& ctx,
                                                                const std::string& ref) {
  std::optional<store::cloudmap_namespace> found;
  if (ref.starts_with("arn:")) {
    auto slash = ref.rfind('/');
    found = slash == std::string::npos
                ? std::nullopt
                : store::find_cloudmap_namespace(ctx.db, ref.substr(slash + 1));
    if (found && found->arn != ref) {
      found.reset();
    }
  } else {
    for (auto& n : store::list_cloudmap_namespaces(ctx.db, ctx.scope.region)) {
      if (n.name == ref) {
        found = std::move(n);
        break;
      }
    }
  }
  if (found && found->region != ctx.scope.region) {
    found.reset();
  }
  return found;
}

std::string connect_namespace_ref(const store::cluster_record& cluster, const json& config) {
  auto ref = api::str(config, "namespace");
  if (ref.empty() && cluster.service_connect_defaults.is_object()) {
    ref = api::str(cluster.service_connect_defaults, "namespace");
  }
  return ref;
}

namespace {

// The containerPort of the task definition's port mapping named `port_name`.
long container_port_of(const store::task_definition_record& td, const std::string& port_name) {
  for (const auto& c : td.body.value("containerDefinitions", json::array())) {
    for (const auto& pm : c.value("portMappings", json::array())) {
      if (pm.value("name", "") == port_name) {
        return pm.value("containerPort", 0L);
      }
    }
  }
  throw invalid_parameter("The portName " + port_name +
                          " does not match the name of any port mapping in the task definition.");
}

store::cloudmap_service find_or_make_service(api::request_context& ctx,
                                             const store::cloudmap_namespace& n,
                                             const std::string& name) {
  for (auto& s : store::list_cloudmap_services(ctx.db, n.region, n.id)) {
    if (s.name == name) {
      return s;
    }
  }
  store::cloudmap_service s;
  s.id = store::new_cloudmap_id(ctx.ids, "srv-");
  s.arn = store::cloudmap_arn(n.region, ctx.scope.account, "service", s.id);
  s.region = n.region;
  s.namespace_id = n.id;
  s.name = name;
  s.type = "HTTP";
  s.created = ctx.clock.now();
  store::put_cloudmap_service(ctx.db, s);
  store::put_tags(ctx.db, s.arn, {{"AmazonECSManaged", "true"}});
  return s;
}

}  // namespace

void apply_service_connect(api::request_context& ctx, const store::cluster_record& cluster,
                           store::service_record& s, const store::task_definition_record& td,
                           const json& config) {
  s.service_connect_configuration = config;
  s.service_connect_resources = json::array();
  if (config.is_null() || !api::boolean(config, "enabled")) {
    return;
  }
  auto ref = connect_namespace_ref(cluster, config);
  if (ref.empty()) {
    throw invalid_parameter(
        "Service Connect needs a namespace: specify one in serviceConnectConfiguration or set "
        "the cluster's serviceConnectDefaults.");
  }
  auto found = find_connect_namespace(ctx, ref);
  if (!found) {
    throw invalid_parameter("The Service Connect namespace " + ref +
                            " does not exist in Cloud Map.");
  }
  const auto& n = *found;
  std::set<std::string> names;
  for (const auto& entry : api::member_or(config, "services", json::array())) {
    auto port_name = api::str(entry, "portName");
    auto port = container_port_of(td, port_name);
    auto discovery = api::str(entry, "discoveryName", port_name);
    if (!names.insert(discovery).second) {
      throw invalid_parameter("The discoveryName " + discovery +
                              " is used by more than one Service Connect service.");
    }
    json aliases = json::array();
    for (const auto& alias : api::member_or(entry, "clientAliases", json::array())) {
      aliases.push_back({{"dnsName", api::str(alias, "dnsName", discovery + "." + n.name)},
                         {"port", alias.value("port", 0L)}});
    }
    auto registry = find_or_make_service(ctx, n, discovery);
    s.service_connect_resources.push_back({{"discoveryName", discovery},
                                           {"discoveryArn", registry.arn},
                                           {"containerPort", port},
                                           {"namespaceName", n.name},
                                           {"clientAliases", aliases}});
  }
}

}  // namespace minecs::ecs::services
