#pragma once
#include <string>

#include "minecs/core/json.hpp"

namespace minecs::task {

// The container definition named `name` in a task definition body, or nullptr. The pointer is
// into `definition`, so it lives as long as that does.
const json* find_container_definition(const json& definition, const std::string& name);

}  // namespace minecs::task
