#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

// The local Docker host, registered in a cluster as its one EC2 container instance.
struct container_instance_record {
  std::string arn;
  std::string id;
  std::string cluster_arn;
  std::string ec2_instance_id;
  std::string status = "ACTIVE";
  bool agent_connected = true;
  long cpu_units = 0;   // registered CPU, 1024 per core
  long memory_mib = 0;  // registered memory
  std::string docker_version;
  json attributes = json::array();
  double registered_at = 0;
  long version = 1;
};

// Inside database::read()/write() only.
std::vector<container_instance_record> container_instances_of(database& db,
                                                              const std::string& cluster_arn);
std::optional<container_instance_record> find_container_instance(database& db,
                                                                 const std::string& cluster_arn,
                                                                 const std::string& id_or_arn);
void save_container_instance(database& db, const container_instance_record& ci);
void erase_container_instances_of(database& db, const std::string& cluster_arn);

}  // namespace minecs::store
