#include "awslogs/awslogs_setup.hpp"

#include "awslogs/awslogs_options.hpp"
#include "awslogs/log_shipper.hpp"
#include "minecs/store/log_captures.hpp"
#include "tasks/container_config.hpp"

namespace minecs::reconcile {

awslogs_start open_awslogs(context& cx, const store::task_record& task, const json& definition,
                           const store::container_record& container) {
  const json* def = find_container_definition(definition, container.name);
  if (def == nullptr) {
    return {};
  }
  auto settings = awslogs_settings_of(*def, task.region);
  if (!settings) {
    return {};
  }
  auto now_ms = static_cast<std::int64_t>(cx.clk.now() * 1000);
  return cx.db.write([&]() -> awslogs_start {
    bool exists = store::find_log_group(cx.db, settings->region, settings->group).has_value();
    if (auto why = awslogs_start_problem(*settings, exists, task.launch_type)) {
      return {why, false};
    }
    store::log_capture capture;
    capture.container_id = container.runtime_id;
    capture.task_arn = task.arn;
    capture.region = settings->region;
    capture.group = settings->group;
    capture.stream = awslogs_stream_name(*settings, container.name, task.id, container.runtime_id);
    capture.create_group = parse_go_bool(settings->create_group).value_or(false);
    store::open_log_capture(cx.db, capture, now_ms);
    return {std::nullopt, true};
  });
}

void follow_awslogs(context& cx, const std::string& container_id) {
  if (cx.logs != nullptr) {
    cx.logs->follow(container_id);
  }
}

}  // namespace minecs::reconcile
