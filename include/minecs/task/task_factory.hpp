#pragma once
#include <string>
#include <vector>

#include "minecs/core/arn.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::task {

// Everything that decides what a new task is; shared by RunTask, StartTask and the service
// scheduler so that a task looks the same whoever started it.
struct launch_request {
  store::cluster_record cluster;
  store::task_definition_record definition;
  minecs::launch_type launch_type = minecs::launch_type::ec2;
  std::string capacity_provider_name;
  std::string platform_version;
  json network_configuration;  // null when none was given
  json overrides = json::object();
  std::string started_by;
  std::string group;
  std::string client_token;
  std::string service_name;
  std::string container_instance_arn;
  bool enable_execute_command = false;
};

// Throws InvalidParameterException/ClientException with ECS's messages when the launch cannot
// work: a launch type the definition is not compatible with, network configuration missing or
// not allowed for the network mode, overrides naming unknown containers, an INACTIVE definition.
void validate_launch(const launch_request& req);

// A new PROVISIONING task, desired RUNNING, with one PENDING container per definition entry.
store::task_record make_task(const launch_request& req, const scope& where, const clock& clk,
                             id_generator& ids);

}  // namespace minecs::task
