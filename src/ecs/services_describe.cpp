#include "minecs/core/arn.hpp"
#include "minecs/core/pagination.hpp"
#include "minecs/ecs/clusters.hpp"
#include "minecs/ecs/input.hpp"
#include "services_common.hpp"

namespace minecs::ecs::services {

json describe_services(api::request_context& ctx, const json& input) {
  auto refs = str_list(input, "services");
  if (refs.empty() || refs.size() > 10) {
    throw invalid_parameter("services must name between 1 and 10 services.");
  }
  bool with_tags = false;
  for (const auto& i : str_list(input, "include")) {
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
  int limit = page_size(input, 10, 100);
  store::service_query q;
  q.launch_type = str(input, "launchType");
  q.scheduling_strategy = str(input, "schedulingStrategy");
  q.limit = limit + 1;
  if (auto token = opt_str(input, "nextToken")) {
    auto cursor = decode_page_token(*token, "services");
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
      out["nextToken"] = encode_page_token(make_page_cursor("services", page[limit - 1].arn));
    }
    return out;
  });
}

// minecs has no Service Connect namespaces, so no service is in one: an honest empty list.
json list_services_by_namespace(api::request_context&, const json& input) {
  page_size(input, 10, 100);
  return json{{"serviceArns", json::array()}};
}

}  // namespace minecs::ecs::services
