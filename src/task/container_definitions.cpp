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

const json* find_container_override(const json& overrides, const std::string& name) {
  if (!overrides.is_object()) {
    return nullptr;
  }
  auto it = overrides.find("containerOverrides");
  if (it == overrides.end() || !it->is_array()) {
    return nullptr;
  }
  for (const auto& o : *it) {
    if (o.is_object() && o.value("name", "") == name) {
      return &o;
    }
  }
  return nullptr;
}

}  // namespace minecs::task
