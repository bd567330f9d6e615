#pragma once
// Where a task runs: a launch type, or a capacity provider strategy and the provider each task
// of it gets. One home for ECS's rule, used by RunTask, CreateService/UpdateService and the
// service scheduler.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/core/task_states.hpp"

namespace minecs::task {

// One entry of a capacityProviderStrategy.
struct strategy_item {
  std::string capacity_provider;
  long base = 0;
  long weight = 0;
};
using capacity_provider_strategy = std::vector<strategy_item>;

// The wire form [{capacityProvider, base, weight}]; base and weight default to 0.
capacity_provider_strategy strategy_from_json(const json& items);

struct launch_choice {
  std::string launch_type;        // EC2, FARGATE or EXTERNAL; empty when `strategy` decides
  json strategy = json::array();  // as given (or the cluster's default), kept for the API
};

// ECS's order: a launchType and a non-empty capacityProviderStrategy exclude each other; with
// neither, the cluster's default strategy; with no default either, the EC2 launch type.
// Throws InvalidParameterException for both at once or a provider minecs does not have (it
// knows FARGATE and FARGATE_SPOT).
launch_choice choose_launch(const std::optional<std::string>& launch_type, const json& strategy,
                            const json& cluster_default);

// The launch type tasks of a choice run with: a strategy of Fargate providers means FARGATE, and
// a record with neither (written before launch types were recorded) EC2.
launch_type launch_type_of(const launch_choice& choice);

// The providers the next `count` tasks of one group (a service, or one RunTask call) run on,
// given how many tasks of the group already run on each: the provider with a base gets tasks
// until it has `base` of them, then each task goes to the provider furthest below its share of
// the weights (a weight of 0 gets none, unless no provider has a weight). Ties go to the
// earlier entry of the strategy.
std::vector<std::string> place_tasks(const capacity_provider_strategy& strategy,
                                     std::map<std::string, long> running, long count);

}  // namespace minecs::task
