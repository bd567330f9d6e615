#include "minecs/task/container_definitions.hpp"

namespace minecs::task {

const json* find_container_definition(const json& definition, const std::string& name) {
  auto defs = definition.find("containerDefinitions");
  if (defs == definition.end() || !defs->is_array()) {
    return nullptr;
  }
  for (const auto& d : *defs) {
    if (d.value("name", "") == name) {
      return &d;
    }
  }
  return nullptr;
}

}  // namespace minecs::task
