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

// minecs has no Service Connect namespaces, so no service is in one: an honest empty list.
json list_services_by_namespace(api::request_context&, const json& input) {
  api::page_size(input, 10, 100);
  return json{{"serviceArns", json::array()}};
}

}  // namespace minecs::ecs::services
