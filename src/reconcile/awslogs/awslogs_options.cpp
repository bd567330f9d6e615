#include "awslogs/awslogs_options.hpp"

#include <array>

namespace minecs::reconcile {

namespace {

std::string option(const json& options, const char* key) {
  if (!options.is_object()) {
    return "";
  }
  auto it = options.find(key);
  if (it == options.end() || it->is_null()) {
    return "";
  }
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// The EC2 agent hands the options to Docker, which fails the start; Fargate's agent validates
// them first. Both texts as ECS reports them in stoppedReason.
std::string failure(launch_type launch, const std::string& cause) {
  if (launch == launch_type::fargate) {
    return "ResourceInitializationError: failed to validate logger args: " + cause +
           " : exit status 1";
  }
  return "CannotStartContainerError: Error response from daemon: failed to initialize logging "
         "driver: " +
         cause;
}

}  // namespace

std::optional<awslogs_settings> awslogs_settings_of(const json& container_definition,
                                                    const std::string& task_region) {
  auto lc = container_definition.value("logConfiguration", json::object());
  if (!lc.is_object() || lc.value("logDriver", "") != "awslogs") {
    return std::nullopt;
  }
  auto options = lc.value("options", json::object());
  awslogs_settings s;
  s.group = option(options, "awslogs-group");
  s.region = option(options, "awslogs-region");
  if (s.region.empty()) {
    s.region = task_region;
  }
  s.stream_prefix = option(options, "awslogs-stream-prefix");
  s.create_group = option(options, "awslogs-create-group");
  return s;
}

std::optional<bool> parse_go_bool(std::string_view text) {
  static constexpr std::array<std::string_view, 6> yes = {"1", "t", "T", "TRUE", "true", "True"};
  static constexpr std::array<std::string_view, 6> no = {"0", "f", "F", "FALSE", "false", "False"};
  for (auto y : yes) {
    if (text == y) {
      return true;
    }
  }
  for (auto n : no) {
    if (text == n) {
      return false;
    }
  }
  return std::nullopt;
}

std::string awslogs_stream_name(const awslogs_settings& s, const std::string& container_name,
                                const std::string& task_id, const std::string& docker_id) {
  if (s.stream_prefix.empty()) {
    return docker_id;
  }
  return s.stream_prefix + "/" + container_name + "/" + task_id;
}

std::optional<std::string> awslogs_start_problem(const awslogs_settings& s, bool group_exists,
                                                 launch_type launch) {
  bool create = false;
  if (!s.create_group.empty()) {
    auto parsed = parse_go_bool(s.create_group);
    if (!parsed) {
      // Docker's own validation text for the option.
      return failure(launch,
                     "must specify valid value for log opt 'awslogs-create-group': "
                     "strconv.ParseBool: parsing \"" +
                         s.create_group + "\": invalid syntax");
    }
    create = *parsed;
  }
  if (!group_exists && !create) {
    auto cause =
        std::string(launch == launch_type::fargate ? "create stream has been retried 1 times: "
                                                   : "") +
        "failed to create Cloudwatch log stream: ResourceNotFoundException: The "
        "specified log group does not exist.";
    return failure(launch, cause);
  }
  return std::nullopt;
}

}  // namespace minecs::reconcile
