#include <algorithm>
#include <map>

#include "clusters.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/arn.hpp"
#include "services/common.hpp"

namespace minecs::ecs::services {

json describe_services(api::request_context& ctx, const json& input) {
  auto refs = api::str_list(input, "services");
  if (refs.empty()) {
    throw invalid_parameter("Services cannot be empty.");
  }
  if (refs.size() > 10) {
    throw invalid_parameter("service names can have at most 10 items.");
  }
  bool with_tags = false;
  for (const auto& i : api::str_list(input, "include")) {
    with_tags |= i == "TAGS";
  }
  return ctx.db.read([&] {
    auto cluster = require_active_cluster(ctx, input);
    json services = json::array();
    json failures = json::array();
    for (const auto& ref : refs) {
      auto s = find_service(ctx, cluster, ref);
      if (!s) {
        auto arn = arn_of_reference(ctx.scope, cluster.name, ref, service_arn);
        failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
        continue;
      }
      services.push_back(render_service(ctx, *s, with_tags));
    }
    return json{{"services", services}, {"failures", failures}};
  });
}

json list_services(api::request_context& ctx, const json& input) {
  int limit = api::page_size(input, 10, 100);
  store::service_query q;
  q.launch_type = api::str(input, "launchType");
  q.scheduling_strategy = api::str(input, "schedulingStrategy");
  q.limit = limit + 1;
  if (auto token = api::opt_str(input, "nextToken")) {
    auto cursor = api::decode_page_token(*token, "services");
    if (!cursor.is_string()) {
      throw invalid_parameter("Invalid token " + *token);
    }
    q.after_arn = cursor.get<std::string>();
  }
  return ctx.db.read([&] {
    q.cluster_arn = require_active_cluster(ctx, input).arn;
    auto page = store::list_services(ctx.db, q);
    json out = {{"serviceArns", json::array()}};
    for (std::size_t i = 0; i < page.size() && i < static_cast<std::size_t>(limit); ++i) {
      out["serviceArns"].push_back(page[i].arn);
    }
    if (page.size() > static_cast<std::size_t>(limit)) {
      out["nextToken"] =
          api::encode_page_token(api::make_page_cursor("services", page[limit - 1].arn));
    }
    return out;
  });
}

// The ACTIVE and DRAINING services of every cluster whose Service Connect uses the namespace, by
// ARN.
json list_services_by_namespace(api::request_context& ctx, const json& input) {
  int limit = api::page_size(input, 10, 100);
  std::string after;
  if (auto token = api::opt_str(input, "nextToken")) {
    auto cursor = api::decode_page_token(*token, "services-by-namespace");
    if (!cursor.is_string()) {
      throw invalid_parameter("Invalid token " + *token);
    }
    after = cursor.get<std::string>();
  }
  return ctx.db.read([&] {
    auto n = find_connect_namespace(ctx, api::str(input, "namespace"));
    if (!n) {
      throw service_error("NamespaceNotFoundException", "The specified namespace wasn't found.");
    }
    std::map<std::string, store::cluster_record> clusters;
    std::vector<std::string> arns;
    for (const auto& s : store::services_to_schedule(ctx.db)) {
      if (s.region != ctx.scope.region || s.account != ctx.scope.account || s.arn <= after ||
          s.service_connect_configuration.is_null() ||
          !api::boolean(s.service_connect_configuration, "enabled")) {
        continue;
      }
      if (!clusters.contains(s.cluster_arn)) {
        auto c = store::find_cluster(ctx.db, s.region, s.cluster_name);
        clusters[s.cluster_arn] = c ? *c : store::cluster_record{};
      }
      auto ref = connect_namespace_ref(clusters[s.cluster_arn], s.service_connect_configuration);
      if (ref == n->name || ref == n->arn) {
        arns.push_back(s.arn);
      }
    }
    std::sort(arns.begin(), arns.end());
    json out = {{"serviceArns", json::array()}};
    for (std::size_t i = 0; i < arns.size() && i < static_cast<std::size_t>(limit); ++i) {
      out["serviceArns"].push_back(arns[i]);
    }
    if (arns.size() > static_cast<std::size_t>(limit)) {
      out["nextToken"] =
          api::encode_page_token(api::make_page_cursor("services-by-namespace", arns[limit - 1]));
    }
    return out;
  });
}

}  // namespace minecs::ecs::services
