#pragma once
#include <string>

#include "minecs/store/database.hpp"

namespace minecs::store {

// The live counts DescribeClusters reports, computed from the task, service and container
// instance tables so they can never drift from what those tables say.
struct cluster_stats {
  long running_tasks = 0;
  long pending_tasks = 0;
  long active_services = 0;
  long draining_services = 0;
  long container_instances = 0;
  long running_fargate_tasks = 0;
  long running_ec2_tasks = 0;
  long pending_fargate_tasks = 0;
  long pending_ec2_tasks = 0;
  long active_fargate_services = 0;
  long active_ec2_services = 0;
};

// Inside database::read()/write() only.
cluster_stats stats_of_cluster(database& db, const std::string& cluster_arn);

}  // namespace minecs::store
