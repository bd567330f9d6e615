#include "minecs/task/task_protection.hpp"

#include "clusters.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::ecs {

namespace {

json render(const task::protection_result& r) {
  json tasks = json::array();
  for (const auto& t : r.tasks) {
    json item = {{"taskArn", t.task_arn}, {"protectionEnabled", t.enabled}};
    if (t.enabled) {
      item["expirationDate"] = t.expiration_date;
    }
    tasks.push_back(std::move(item));
  }
  json failures = json::array();
  for (const auto& f : r.failures) {
    failures.push_back({{"arn", f.arn}, {"reason", f.reason}});
  }
  return json{{"protectedTasks", tasks}, {"failures", failures}};
}

json update_task_protection(api::request_context& ctx, const json& input) {
  auto refs = api::str_list(input, "tasks");
  if (refs.empty() || refs.size() > 10) {
    throw invalid_parameter("tasks must name between 1 and 10 tasks.");
  }
  auto minutes = api::opt_int(input, "expiresInMinutes");
  if (minutes) {
    task::validate_expires_in_minutes(*minutes);
  }
  bool enabled = api::boolean(input, "protectionEnabled");
  return ctx.db.write([&] {
    auto cluster = require_active_cluster(ctx, input);
    return render(task::update_task_protection(ctx.db, ctx.scope, cluster, refs, enabled, minutes,
                                               ctx.clock.now()));
  });
}

json get_task_protection(api::request_context& ctx, const json& input) {
  auto refs = api::str_list(input, "tasks");
  if (refs.size() > 100) {
    throw invalid_parameter("tasks can name at most 100 tasks.");
  }
  return ctx.db.read([&] {
    auto cluster = require_active_cluster(ctx, input);
    return render(task::get_task_protection(ctx.db, ctx.scope, cluster, refs, ctx.clock.now()));
  });
}

}  // namespace

void add_task_protection_handlers(api::handler_table& table) {
  table.add("UpdateTaskProtection", update_task_protection);
  table.add("GetTaskProtection", get_task_protection);
}

}  // namespace minecs::ecs
