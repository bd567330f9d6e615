#pragma once
#include <string>
#include <vector>

#include "minecs/store/database.hpp"

namespace minecs::store {

// How many rows of a kind are in one state in one cluster, for the /metrics gauges.
struct state_count {
  std::string cluster_arn;
  std::string state;
  long count = 0;
};

// Tasks by cluster and lastStatus. Inside database::read()/write() only.
std::vector<state_count> count_tasks_by_status(database& db);
// Services that are not INACTIVE, by cluster and the rolloutState of their PRIMARY deployment.
// Inside database::read()/write() only.
std::vector<state_count> count_services_by_rollout(database& db);

}  // namespace minecs::store
