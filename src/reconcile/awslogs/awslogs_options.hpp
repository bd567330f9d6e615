#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/core/json.hpp"
#include "minecs/core/task_states.hpp"

// The awslogs log driver's options of a container definition, and the names and failure texts
// ECS derives from them. Pure.
namespace minecs::reconcile {

struct awslogs_settings {
  std::string group;
  std::string region;
  std::string stream_prefix;  // empty: none given
  std::string create_group;   // awslogs-create-group as written ("" when absent)
};

// nullopt when the container's log driver is not awslogs. An absent awslogs-region means the
// task's own region.
std::optional<awslogs_settings> awslogs_settings_of(const json& container_definition,
                                                    const std::string& task_region);

// Go's strconv.ParseBool, which the awslogs driver applies to awslogs-create-group.
std::optional<bool> parse_go_bool(std::string_view text);

// "<prefix>/<container name>/<task id>"; without a prefix the Docker container id (ECS's
// documented EC2 behaviour; Fargate requires a prefix at registration).
std::string awslogs_stream_name(const awslogs_settings& s, const std::string& container_name,
                                const std::string& task_id, const std::string& docker_id);

// Why the container cannot start with these settings (the task's stoppedReason, worded as ECS
// words it for the launch type), or nullopt. `group_exists` is whether the log group is there.
std::optional<std::string> awslogs_start_problem(const awslogs_settings& s, bool group_exists,
                                                 launch_type launch);

}  // namespace minecs::reconcile
