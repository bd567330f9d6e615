#pragma once
#include <string>

#include "minecs/core/json.hpp"

namespace minecs::task {

// The container definition named `name` in a task definition body, or nullptr. The pointer is
// into `definition`, so it lives as long as that does.
const json* find_container_definition(const json& definition, const std::string& name);

// The entry of a task's overrides ({"containerOverrides": [...]}) that names container `name`,
// or nullptr; anything that is not of that shape has none. Points into `overrides`.
const json* find_container_override(const json& overrides, const std::string& name);

}  // namespace minecs::task
