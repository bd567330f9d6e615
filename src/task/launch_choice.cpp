#include "minecs/task/launch_choice.hpp"

#include <algorithm>

#include "minecs/core/service_error.hpp"

namespace minecs::task {

namespace {

bool builtin_provider(const std::string& name) {
  return name == "FARGATE" || name == "FARGATE_SPOT";
}

// The next task's provider. Counts beyond the base are compared as (n + 1) / weight, so that
// over many tasks each provider's share approaches weight / total weight.
const strategy_item& next_provider(const capacity_provider_strategy& strategy,
                                   const std::map<std::string, long>& running) {
  auto count_of = [&](const strategy_item& item) {
    auto it = running.find(item.capacity_provider);
    return it == running.end() ? 0L : it->second;
  };
  for (const auto& item : strategy) {
    if (item.base > 0 && count_of(item) < item.base) {
      return item;
    }
  }
  const strategy_item* best = nullptr;
  for (const auto& item : strategy) {
    if (item.weight <= 0) {
      continue;
    }
    long beyond_base = std::max(0L, count_of(item) - item.base);
    // (beyond + 1) / weight < (best_beyond + 1) / best_weight, without division.
    if (best == nullptr || (beyond_base + 1) * best->weight <
                               (std::max(0L, count_of(*best) - best->base) + 1) * item.weight) {
      best = &item;
    }
  }
  return best != nullptr ? *best : strategy.front();
}

}  // namespace

capacity_provider_strategy strategy_from_json(const json& items) {
  capacity_provider_strategy out;
  for (const auto& item : items) {
    out.push_back({item.at("capacityProvider").get<std::string>(), item.value("base", 0L),
                   item.value("weight", 0L)});
  }
  return out;
}

launch_choice choose_launch(const std::optional<std::string>& launch_type, const json& strategy,
                            const json& cluster_default) {
  bool has_strategy = strategy.is_array() && !strategy.empty();
  if (launch_type && has_strategy) {
    throw invalid_parameter(
        "Specifying both a launch type and capacity provider strategy is not supported. Remove "
        "one and try again.");
  }
  launch_choice out;
  const json& chosen = has_strategy ? strategy : cluster_default;
  if (launch_type || !chosen.is_array() || chosen.empty()) {
    out.launch_type = launch_type.value_or("EC2");
    return out;
  }
  for (const auto& item : strategy_from_json(chosen)) {
    if (!builtin_provider(item.capacity_provider)) {
      throw invalid_parameter("The specified capacity provider " + item.capacity_provider +
                              " does not exist. minecs knows FARGATE and FARGATE_SPOT.");
    }
  }
  out.strategy = chosen;
  return out;
}

launch_type launch_type_of(const launch_choice& choice) {
  return effective_launch_type(choice.launch_type,
                               choice.strategy.is_array() && !choice.strategy.empty());
}

std::vector<std::string> place_tasks(const capacity_provider_strategy& strategy,
                                     std::map<std::string, long> running, long count) {
  std::vector<std::string> out;
  if (strategy.empty()) {
    return out;
  }
  for (long i = 0; i < count; ++i) {
    const auto& item = next_provider(strategy, running);
    running[item.capacity_provider] += 1;
    out.push_back(item.capacity_provider);
  }
  return out;
}

}  // namespace minecs::task
