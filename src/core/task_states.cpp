#include "minecs/core/task_states.hpp"

#include <array>

namespace minecs {

namespace {

// Indexed by the enum's value.
constexpr std::array<std::string_view, 8> task_status_names = {
    "PROVISIONING", "PENDING",  "ACTIVATING",     "RUNNING",
    "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"};
constexpr std::array<std::string_view, 3> container_status_names = {"PENDING", "RUNNING",
                                                                    "STOPPED"};
constexpr std::array<std::string_view, 4> launch_type_names = {"EC2", "FARGATE", "EXTERNAL",
                                                               "MANAGED_INSTANCES"};
constexpr std::array<std::string_view, 4> network_mode_names = {"bridge", "awsvpc", "host", "none"};
constexpr std::array<std::string_view, 7> stop_code_names = {"",
                                                             "TaskFailedToStart",
                                                             "EssentialContainerExited",
                                                             "UserInitiated",
                                                             "ServiceSchedulerInitiated",
                                                             "SpotInterruption",
                                                             "TerminationNotice"};
constexpr std::array<std::string_view, 3> health_status_names = {"UNKNOWN", "HEALTHY", "UNHEALTHY"};

template <class E, std::size_t N>
std::optional<E> find_name(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

template <class E, std::size_t N>
void read_name(const json& j, const std::array<std::string_view, N>& names, E& v) {
  auto s = j.get<std::string>();
  auto found = find_name<E>(names, s);
  if (!found) {
    throw json::type_error::create(302, "unknown task model word \"" + s + "\"", &j);
  }
  v = *found;
}

}  // namespace

std::string_view to_string(task_status v) {
  return task_status_names.at(static_cast<std::size_t>(v));
}
std::string_view to_string(container_status v) {
  return container_status_names.at(static_cast<std::size_t>(v));
}
std::string_view to_string(launch_type v) {
  return launch_type_names.at(static_cast<std::size_t>(v));
}
std::string_view to_string(network_mode v) {
  return network_mode_names.at(static_cast<std::size_t>(v));
}
std::string_view to_string(stop_code v) {
  return stop_code_names.at(static_cast<std::size_t>(v));
}
std::string_view to_string(health_status v) {
  return health_status_names.at(static_cast<std::size_t>(v));
}

std::optional<task_status> parse_task_status(std::string_view s) {
  return find_name<task_status>(task_status_names, s);
}
std::optional<container_status> parse_container_status(std::string_view s) {
  return find_name<container_status>(container_status_names, s);
}
std::optional<launch_type> parse_launch_type(std::string_view s) {
  return find_name<launch_type>(launch_type_names, s);
}
launch_type effective_launch_type(std::string_view launch_type_word, bool has_strategy) {
  if (!launch_type_word.empty()) {
    return parse_launch_type(launch_type_word).value_or(launch_type::ec2);
  }
  return has_strategy ? launch_type::fargate : launch_type::ec2;
}
std::optional<network_mode> parse_network_mode(std::string_view s) {
  return find_name<network_mode>(network_mode_names, s);
}
std::optional<stop_code> parse_stop_code(std::string_view s) {
  return find_name<stop_code>(stop_code_names, s);
}
std::optional<health_status> parse_health_status(std::string_view s) {
  return find_name<health_status>(health_status_names, s);
}

void to_json(json& j, task_status v) {
  j = to_string(v);
}
void from_json(const json& j, task_status& v) {
  read_name(j, task_status_names, v);
}
void to_json(json& j, container_status v) {
  j = to_string(v);
}
void from_json(const json& j, container_status& v) {
  read_name(j, container_status_names, v);
}
void to_json(json& j, launch_type v) {
  j = to_string(v);
}
void from_json(const json& j, launch_type& v) {
  read_name(j, launch_type_names, v);
}
void to_json(json& j, network_mode v) {
  j = to_string(v);
}
void from_json(const json& j, network_mode& v) {
  read_name(j, network_mode_names, v);
}
void to_json(json& j, stop_code v) {
  j = to_string(v);
}
void from_json(const json& j, stop_code& v) {
  read_name(j, stop_code_names, v);
}
void to_json(json& j, health_status v) {
  j = to_string(v);
}
void from_json(const json& j, health_status& v) {
  read_name(j, health_status_names, v);
}

}  // namespace minecs
