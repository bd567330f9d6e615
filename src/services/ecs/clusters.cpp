#include "clusters.hpp"

#include <set>

#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/account_settings.hpp"
#include "minecs/store/cluster_stats.hpp"
#include "minecs/store/container_instances.hpp"
#include "minecs/store/tags.hpp"
#include "tagging.hpp"

namespace minecs::ecs {

namespace {

bool valid_cluster_name(const std::string& name) {
  return !name.empty() && name.size() <= 255 &&
         name.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
             std::string::npos;
}

const std::set<std::string> builtin_capacity_providers = {"FARGATE", "FARGATE_SPOT"};

// ECS checks a cluster's capacity providers and default strategy together.
void check_capacity_providers(const json& providers, const json& strategy) {
  std::set<std::string> names;
  for (const auto& p : providers) {
    auto name = p.get<std::string>();
    if (!builtin_capacity_providers.contains(name)) {
      throw invalid_parameter("The specified capacity provider '" + name +
                              "' does not exist. minecs knows FARGATE and FARGATE_SPOT.");
    }
    if (!names.insert(name).second) {
      throw invalid_parameter("The capacity provider '" + name + "' is listed more than once.");
    }
  }
  int with_base = 0;
  std::set<std::string> in_strategy;
  for (const auto& item : strategy) {
    auto name = item.at("capacityProvider").get<std::string>();
    if (!names.contains(name)) {
      throw invalid_parameter(
          "The specified capacity provider strategy cannot contain a capacity "
          "provider that is not associated with the cluster. Associate the "
          "capacity provider with the cluster or specify a valid capacity "
          "provider and try again.");
    }
    if (!in_strategy.insert(name).second) {
      throw invalid_parameter("The capacity provider strategy contains '" + name + "' twice.");
    }
    if (item.value("base", 0) > 0 && ++with_base > 1) {
      throw invalid_parameter(
          "Only one capacity provider in a capacity provider strategy can have a base defined.");
    }
  }
}

const std::set<std::string> container_insights_values = {"enabled", "disabled", "enhanced"};

json normalized_settings(const json& settings) {
  json out = json::array();
  for (const auto& s : settings) {
    auto name = api::str(s, "name");
    auto value = api::str(s, "value");
    if (name != "containerInsights") {
      throw invalid_parameter("Unknown cluster setting " + name + ".");
    }
    if (!container_insights_values.contains(value)) {
      throw invalid_parameter("containerInsights must be enabled, enhanced or disabled.");
    }
    bool replaced = false;
    for (auto& existing : out) {
      if (existing["name"] == name) {
        existing["value"] = value;
        replaced = true;
      }
    }
    if (!replaced) {
      out.push_back({{"name", name}, {"value", value}});
    }
  }
  return out;
}

json merge_settings(json current, const json& updates) {
  for (const auto& u : updates) {
    bool replaced = false;
    for (auto& c : current) {
      if (c["name"] == u["name"]) {
        c["value"] = u["value"];
        replaced = true;
      }
    }
    if (!replaced) {
      current.push_back(u);
    }
  }
  return current;
}

// containerInsights, when a cluster sets none, comes from the account setting, as in ECS.
json effective_settings(api::request_context& ctx, const store::cluster_record& c) {
  if (!c.settings.empty()) {
    return c.settings;
  }
  std::string value = "disabled";
  for (const auto& s : store::account_settings_of(ctx.db, ctx.scope.region,
                                                  "arn:aws:iam::" + ctx.scope.account + ":root")) {
    if (s.name == "containerInsights") {
      value = s.value;
    }
  }
  return json::array({{{"name", "containerInsights"}, {"value", value}}});
}

json statistics(const store::cluster_stats& s) {
  auto item = [](const char* name, long v) {
    return json{{"name", name}, {"value", std::to_string(v)}};
  };
  return json::array({item("runningEC2TasksCount", s.running_ec2_tasks),
                      item("runningFargateTasksCount", s.running_fargate_tasks),
                      item("pendingEC2TasksCount", s.pending_ec2_tasks),
                      item("pendingFargateTasksCount", s.pending_fargate_tasks),
                      item("activeEC2ServiceCount", s.active_ec2_services),
                      item("activeFargateServiceCount", s.active_fargate_services),
                      item("drainingEC2ServiceCount", 0L),
                      item("drainingFargateServiceCount", 0L)});
}

cluster_detail detail_from(const json& input) {
  cluster_detail d;
  for (const auto& i : api::str_list(input, "include")) {
    d.tags |= i == "TAGS";
    d.settings |= i == "SETTINGS";
    d.statistics |= i == "STATISTICS";
    d.configurations |= i == "CONFIGURATIONS";
    d.attachments |= i == "ATTACHMENTS";
  }
  return d;
}

store::cluster_record new_cluster(api::request_context& ctx, const std::string& name) {
  store::cluster_record c;
  c.region = ctx.scope.region;
  c.name = name;
  c.arn = cluster_arn(ctx.scope, name);
  c.created_at = ctx.clock.now();
  return c;
}

json create_cluster(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "clusterName", "default");
  if (!valid_cluster_name(name)) {
    throw invalid_parameter(
        "Cluster name can only contain up to 255 letters (uppercase and lowercase), numbers, "
        "underscores, and hyphens.");
  }
  auto settings = normalized_settings(api::member_or(input, "settings", json::array()));
  auto providers = api::member_or(input, "capacityProviders", json::array());
  auto strategy = api::member_or(input, "defaultCapacityProviderStrategy", json::array());
  check_capacity_providers(providers, strategy);
  auto tags = tags_from_input(input, "tags");
  return ctx.db.write([&] {
    auto existing = store::find_cluster(ctx.db, ctx.scope.region, name);
    if (existing && existing->status == "ACTIVE") {
      // ECS answers a repeated CreateCluster with the cluster as it is.
      return json{{"cluster", render_cluster(ctx, *existing, {.tags = true, .settings = true})}};
    }
    auto c = new_cluster(ctx, name);
    c.settings = settings;
    // The account's containerInsights default is for clusters created after it is set, as in
    // ECS, so it is fixed into the cluster now rather than looked up on every describe.
    c.settings = effective_settings(ctx, c);
    c.capacity_providers = providers;
    c.default_strategy = strategy;
    c.configuration = api::member_or(input, "configuration", json());
    c.service_connect_defaults = api::member_or(input, "serviceConnectDefaults", json());
    store::save_cluster(ctx.db, c);
    store::drop_tags(ctx.db, c.arn);
    store::put_tags(ctx.db, c.arn, tags);
    return json{{"cluster", render_cluster(ctx, c, {.tags = true, .settings = true})}};
  });
}

json describe_clusters(api::request_context& ctx, const json& input) {
  auto refs = api::str_list(input, "clusters");
  if (refs.empty()) {
    refs.emplace_back("default");
  }
  if (refs.size() > 100) {
    throw invalid_parameter("At most 100 clusters can be described at once.");
  }
  auto detail = detail_from(input);
  return ctx.db.read([&] {
    json clusters = json::array();
    json failures = json::array();
    for (const auto& ref : refs) {
      std::optional<std::string> name;
      try {
        name = cluster_name_in_scope(ctx, ref);
      } catch (const service_error&) {
        failures.push_back({{"arn", ref}, {"reason", "MISSING"}});
        continue;
      }
      if (!name) {
        // An ARN of another account or region: a cluster minecs does not hold.
        failures.push_back({{"arn", ref}, {"reason", "MISSING"}});
        continue;
      }
      auto c = store::find_cluster(ctx.db, ctx.scope.region, *name);
      if (!c) {
        failures.push_back({{"arn", cluster_arn(ctx.scope, *name)}, {"reason", "MISSING"}});
        continue;
      }
      clusters.push_back(render_cluster(ctx, *c, detail));
    }
    return json{{"clusters", clusters}, {"failures", failures}};
  });
}

json list_clusters(api::request_context& ctx, const json& input) {
  int limit = api::page_size(input, 100, 100);
  std::string after;
  if (auto token = api::opt_str(input, "nextToken")) {
    auto cursor = api::decode_page_token(*token, "clusters");
    if (!cursor.is_string()) {
      throw invalid_parameter("Invalid token " + *token);
    }
    after = cursor.get<std::string>();
  }
  return ctx.db.read([&] {
    auto page = store::list_clusters(ctx.db, ctx.scope.region, after, limit + 1);
    json out = {{"clusterArns", json::array()}};
    for (std::size_t i = 0; i < page.size() && i < static_cast<std::size_t>(limit); ++i) {
      out["clusterArns"].push_back(page[i].arn);
    }
    if (page.size() > static_cast<std::size_t>(limit)) {
      out["nextToken"] =
          api::encode_page_token(api::make_page_cursor("clusters", page[limit - 1].arn));
    }
    return out;
  });
}

json delete_cluster(api::request_context& ctx, const json& input) {
  return ctx.db.write([&] {
    auto c = require_active_cluster(ctx, input);
    auto stats = store::stats_of_cluster(ctx.db, c.arn);
    if (stats.active_services > 0 || stats.draining_services > 0) {
      throw service_error("ClusterContainsServicesException",
                          "The Cluster cannot be deleted while Services are active.");
    }
    if (stats.running_tasks > 0 || stats.pending_tasks > 0) {
      throw service_error("ClusterContainsTasksException",
                          "The Cluster cannot be deleted while Tasks are active.");
    }
    // The one container instance is minecs's stand-in for the local Docker host, not an
    // instance the user registered: it leaves with the cluster instead of blocking the delete.
    store::erase_container_instances_of(ctx.db, c.arn);
    c.status = "INACTIVE";
    store::save_cluster(ctx.db, c);
    return json{{"cluster", render_cluster(ctx, c, {})}};
  });
}

json update_cluster(api::request_context& ctx, const json& input) {
  auto settings = normalized_settings(api::member_or(input, "settings", json::array()));
  return ctx.db.write([&] {
    auto c = require_active_cluster(ctx, input);
    c.settings = merge_settings(c.settings, settings);
    if (api::has(input, "configuration")) {
      c.configuration = input["configuration"];
    }
    if (api::has(input, "serviceConnectDefaults")) {
      c.service_connect_defaults = input["serviceConnectDefaults"];
    }
    store::save_cluster(ctx.db, c);
    return json{{"cluster", render_cluster(ctx, c, {.settings = true, .configurations = true})}};
  });
}

json update_cluster_settings(api::request_context& ctx, const json& input) {
  auto settings = normalized_settings(input.at("settings"));
  return ctx.db.write([&] {
    auto c = require_active_cluster(ctx, input);
    c.settings = merge_settings(c.settings, settings);
    store::save_cluster(ctx.db, c);
    return json{{"cluster", render_cluster(ctx, c, {.settings = true})}};
  });
}

json put_cluster_capacity_providers(api::request_context& ctx, const json& input) {
  const auto& providers = input.at("capacityProviders");
  const auto& strategy = input.at("defaultCapacityProviderStrategy");
  check_capacity_providers(providers, strategy);
  return ctx.db.write([&] {
    auto c = require_active_cluster(ctx, input);
    c.capacity_providers = providers;
    c.default_strategy = strategy;
    store::save_cluster(ctx.db, c);
    return json{{"cluster", render_cluster(ctx, c, {.settings = true})}};
  });
}

}  // namespace

std::optional<std::string> cluster_name_in_scope(const api::request_context& ctx,
                                                 const std::string& reference) {
  auto name = cluster_name_from_reference(reference);
  if (reference.starts_with("arn:")) {
    auto arn = parse_arn(reference);
    if (arn->region != ctx.scope.region || arn->account != ctx.scope.account) {
      return std::nullopt;
    }
  }
  return name;
}

store::cluster_record require_active_cluster(api::request_context& ctx, const json& input,
                                             const char* member) {
  auto name = cluster_name_in_scope(ctx, api::str(input, member));
  auto c = name ? store::find_cluster(ctx.db, ctx.scope.region, *name) : std::nullopt;
  if (!c || c->status != "ACTIVE") {
    throw cluster_not_found();
  }
  return *c;
}

json render_cluster(api::request_context& ctx, const store::cluster_record& c,
                    const cluster_detail& detail) {
  auto stats = store::stats_of_cluster(ctx.db, c.arn);
  json out = {
      {"clusterArn", c.arn},
      {"clusterName", c.name},
      {"status", c.status},
      {"registeredContainerInstancesCount", stats.container_instances},
      {"runningTasksCount", stats.running_tasks},
      {"pendingTasksCount", stats.pending_tasks},
      {"activeServicesCount", stats.active_services},
      {"statistics", detail.statistics ? statistics(stats) : json::array()},
      {"tags", detail.tags ? render_tags(store::tags_of(ctx.db, c.arn)) : json::array()},
      {"settings", detail.settings ? effective_settings(ctx, c) : json::array()},
      {"capacityProviders", c.capacity_providers},
      {"defaultCapacityProviderStrategy", c.default_strategy},
  };
  if (detail.configurations && !c.configuration.is_null()) {
    out["configuration"] = c.configuration;
  }
  if (detail.attachments) {
    out["attachments"] = json::array();
    out["attachmentsStatus"] = "UPDATE_COMPLETE";
  }
  if (!c.service_connect_defaults.is_null()) {
    out["serviceConnectDefaults"] = c.service_connect_defaults;
  }
  return out;
}

void add_cluster_handlers(api::handler_table& table) {
  table.add("CreateCluster", create_cluster);
  table.add("DescribeClusters", describe_clusters);
  table.add("ListClusters", list_clusters);
  table.add("DeleteCluster", delete_cluster);
  table.add("UpdateCluster", update_cluster);
  table.add("UpdateClusterSettings", update_cluster_settings);
  table.add("PutClusterCapacityProviders", put_cluster_capacity_providers);
}

}  // namespace minecs::ecs
