#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"

namespace minecs::ecs {

// A task definition request as the checks, the normal form and the derived fields read it;
// it bundles what they share.
struct task_view {
  const json& td;
  std::string network_mode;  // "" when absent: ECS then uses bridge (Linux)
  std::vector<std::string> requires_compat;
  std::optional<long long> cpu, memory;
  bool has_execution_role = false;

  bool needs(const char* compat) const {
    return std::find(requires_compat.begin(), requires_compat.end(), compat) !=
           requires_compat.end();
  }
  const json& containers() const { return td.at("containerDefinitions"); }
};

const json& empty_object();
// A list member of a request, or an empty list when absent.
const json& array_member(const json& in, const char* key);
// The container's logConfiguration.logDriver, or "".
std::string log_driver(const json& container);
bool is_ecr_image(const std::string& image);

}  // namespace minecs::ecs
