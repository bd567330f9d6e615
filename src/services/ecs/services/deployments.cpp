#include <algorithm>

#include "clusters.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"
#include "minecs/core/clock.hpp"
#include "services/common.hpp"

namespace minecs::ecs::services {

namespace {

service_error deployment_not_found() {
  return {"ServiceDeploymentNotFoundException", "The service deployment does not exist."};
}

std::vector<std::string> arns_of(const json& input, const char* member) {
  auto arns = api::str_list(input, member);
  if (arns.empty() || arns.size() > 20) {
    throw invalid_parameter(std::string(member) + " must have between 1 and 20 ARNs.");
  }
  return arns;
}

}  // namespace

json list_service_deployments(api::request_context& ctx, const json& input) {
  int limit = api::page_size(input, 20, 100);
  auto statuses = api::str_list(input, "status");
  const json created = api::member_or(input, "createdAt", json::object());
  std::size_t skip = 0;
  if (auto token = api::opt_str(input, "nextToken")) {
    auto cursor = api::decode_page_token(*token, "service-deployments");
    if (!cursor.is_number_unsigned() && !cursor.is_number_integer()) {
      throw invalid_parameter("Invalid token " + *token);
    }
    skip = cursor.get<std::size_t>();
  }
  return ctx.db.read([&] {
    auto cluster = require_active_cluster(ctx, input);
    auto s = require_service(ctx, cluster, api::str(input, "service"));
    std::vector<json> all;
    for (const auto& d : s.deployments) {  // newest first
      if (!statuses.empty() &&
          std::find(statuses.begin(), statuses.end(), d.deployment_status) == statuses.end()) {
        continue;
      }
      if (api::has(created, "after") && d.created_at < created["after"].get<double>()) {
        continue;
      }
      if (api::has(created, "before") && d.created_at > created["before"].get<double>()) {
        continue;
      }
      all.push_back(render_service_deployment_brief(s, d));
    }
    json out = {{"serviceDeployments", json::array()}};
    for (std::size_t i = skip; i < all.size() && i < skip + limit; ++i) {
      out["serviceDeployments"].push_back(all[i]);
    }
    if (all.size() > skip + limit) {
      out["nextToken"] =
          api::encode_page_token(api::make_page_cursor("service-deployments", skip + limit));
    }
    return out;
  });
}

json describe_service_deployments(api::request_context& ctx, const json& input) {
  auto arns = arns_of(input, "serviceDeploymentArns");
  return ctx.db.read([&] {
    json found = json::array();
    json failures = json::array();
    for (const auto& arn : arns) {
      auto ref = find_deployment(ctx, arn, false);
      if (!ref) {
        failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
        continue;
      }
      found.push_back(
          render_service_deployment(ctx, ref->service, ref->service.deployments[ref->index]));
    }
    return json{{"serviceDeployments", found}, {"failures", failures}};
  });
}

json describe_service_revisions(api::request_context& ctx, const json& input) {
  auto arns = arns_of(input, "serviceRevisionArns");
  return ctx.db.read([&] {
    json found = json::array();
    json failures = json::array();
    for (const auto& arn : arns) {
      auto ref = find_deployment(ctx, arn, true);
      if (!ref) {
        failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
        continue;
      }
      found.push_back(
          render_service_revision(ctx, ref->service, ref->service.deployments[ref->index]));
    }
    return json{{"serviceRevisions", found}, {"failures", failures}};
  });
}

json stop_service_deployment(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "serviceDeploymentArn");
  auto stop_type = api::str(input, "stopType", "ROLLBACK");
  return ctx.db.write([&] {
    auto ref = find_deployment(ctx, arn, false);
    if (!ref) {
      throw deployment_not_found();
    }
    auto s = ref->service;
    auto& d = s.deployments[ref->index];
    if (s.status != "ACTIVE" || d.status != "PRIMARY" || d.rollout_state != "IN_PROGRESS") {
      throw service_error("ConflictException",
                          "The service deployment " + arn + " is not in progress.");
    }
    double now = ctx.clock.now();
    d.rollout_state = "FAILED";
    d.updated_at = now;
    if (stop_type == "ABORT") {
      // The service stays as it is; a FAILED primary launches no more tasks.
      d.deployment_status = "STOPPED";
      d.status_reason = "Service deployment stopped by the user.";
      d.rollout_state_reason = "Service deployment stopped by the user.";
      d.stopped_at = now;
    } else {
      std::string target;
      for (const auto& other : s.deployments) {
        if (other.id != d.id && other.rollout_state == "COMPLETED") {
          target = other.id;
          break;
        }
      }
      if (target.empty()) {
        throw service_error("ConflictException",
                            "The service has no completed deployment to roll back to.");
      }
      d.deployment_status = "ROLLBACK_IN_PROGRESS";
      d.status_reason = "Service deployment rolled back by the user.";
      d.rollout_state_reason = "Service deployment rolled back by the user.";
      store::start_rollback(s, target, ctx.ids, now);
    }
    store::save_service(ctx.db, s);
    return json{{"serviceDeploymentArn", arn}};
  });
}

}  // namespace minecs::ecs::services
