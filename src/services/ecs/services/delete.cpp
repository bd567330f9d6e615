#include "clusters.hpp"
#include "minecs/api/input.hpp"
#include "services/common.hpp"

namespace minecs::ecs::services {

json delete_service(api::request_context& ctx, const json& input) {
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    auto s = require_service(ctx, cluster, api::str(input, "service"));
    if (s.status != "ACTIVE") {
      throw service_not_active();
    }
    if (s.scheduling_strategy == "REPLICA" && s.desired_count > 0 &&
        !api::boolean(input, "force")) {
      throw invalid_parameter("The service cannot be stopped while it is scaled above 0.");
    }
    // DRAINING until the scheduler has seen its last task stop; then INACTIVE.
    s.status = "DRAINING";
    s.desired_count = 0;
    for (auto& d : s.deployments) {
      if (d.status == "PRIMARY") {
        d.desired_count = 0;
      }
    }
    s.steady = false;
    store::save_service(ctx.db, s);
    return json{{"service", render_service(ctx, s, false)}};
  });
}

}  // namespace minecs::ecs::services
