// ECSExpressGatewayService: the service as Express Mode shows it, its status following the ECS
// service underneath (ACTIVE, DRAINING while its tasks stop, INACTIVE once they have).
#include "express.hpp"
#include "minecs/store/tags.hpp"
#include "tagging.hpp"

namespace minecs::ecs::express {

namespace {

const store::deployment_record* primary(const store::service_record& s) {
  for (const auto& d : s.deployments) {
    if (d.status == "PRIMARY") {
      return &d;
    }
  }
  return s.deployments.empty() ? nullptr : &s.deployments.front();
}

}  // namespace

json render(api::request_context& ctx, const store::service_record& s, bool with_tags) {
  json out = {{"cluster", s.cluster_arn},
              {"serviceName", s.name},
              {"serviceArn", s.arn},
              {"infrastructureRoleArn", s.express.infrastructure_role_arn},
              {"status", {{"statusCode", s.status}}},
              {"createdAt", s.created_at},
              {"updatedAt", s.express.updated_at}};
  json active = json::array();
  if (const auto* d = primary(s)) {
    out["currentDeployment"] = d->arn;
    if (s.status == "ACTIVE") {
      json c = s.express.configuration;
      c["serviceRevisionArn"] = d->revision_arn;
      c["createdAt"] = d->created_at;
      c["ingressPaths"] =
          json::array({{{"accessType", "PUBLIC"}, {"endpoint", s.express.endpoint}}});
      active.push_back(std::move(c));
    }
  }
  out["activeConfigurations"] = std::move(active);
  if (with_tags) {
    out["tags"] = ctx.db.read([&] { return render_tags(store::tags_of(ctx.db, s.arn)); });
  }
  return out;
}

}  // namespace minecs::ecs::express
