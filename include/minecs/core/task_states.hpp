#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/core/json.hpp"

// The words of ECS's task model as enums. Their strings live here only: the store writes them
// (the same words as before, so old documents read back) and the API renders them.
namespace minecs {

// A task's lastStatus and desiredStatus, in the order a task goes through them.
enum class task_status {
  provisioning,
  pending,
  activating,
  running,
  deactivating,
  stopping,
  deprovisioning,
  stopped,
};

// A container's lastStatus.
enum class container_status { pending, running, stopped };

enum class launch_type { ec2, fargate, external, managed_instances };

enum class network_mode { bridge, awsvpc, host, none };

// ECS's TaskStopCode; `none` while the task is not told to stop.
enum class stop_code {
  none,
  task_failed_to_start,
  essential_container_exited,
  user_initiated,
  service_scheduler_initiated,
  spot_interruption,
  termination_notice,
};

// A task's or container's healthStatus.
enum class health_status { unknown, healthy, unhealthy };

std::string_view to_string(task_status v);
std::string_view to_string(container_status v);
std::string_view to_string(launch_type v);
std::string_view to_string(network_mode v);
std::string_view to_string(stop_code v);  // "" for none
std::string_view to_string(health_status v);

// nullopt for a word that is not one of the enum's.
std::optional<task_status> parse_task_status(std::string_view s);
std::optional<container_status> parse_container_status(std::string_view s);
std::optional<launch_type> parse_launch_type(std::string_view s);
std::optional<network_mode> parse_network_mode(std::string_view s);
std::optional<stop_code> parse_stop_code(std::string_view s);  // "" is none
std::optional<health_status> parse_health_status(std::string_view s);

// The launch type a task or service runs with, ECS's rule in one place (task::launch_type_of
// applies it to a launch choice; the store files services under it): its launchType word, else
// FARGATE for a capacity provider strategy (minecs's providers are Fargate's), else EC2 (also
// for records written before launch types were recorded). The API model admits only
// LaunchType's words, so an unknown word, which only a hand-edited record holds, counts as EC2.
launch_type effective_launch_type(std::string_view launch_type_word, bool has_strategy);

// Stored as their ECS words; an unknown word is a corrupt document (json::type_error).
void to_json(json& j, task_status v);
void from_json(const json& j, task_status& v);
void to_json(json& j, container_status v);
void from_json(const json& j, container_status& v);
void to_json(json& j, launch_type v);
void from_json(const json& j, launch_type& v);
void to_json(json& j, network_mode v);
void from_json(const json& j, network_mode& v);
void to_json(json& j, stop_code v);
void from_json(const json& j, stop_code& v);
void to_json(json& j, health_status v);
void from_json(const json& j, health_status& v);

}  // namespace minecs
