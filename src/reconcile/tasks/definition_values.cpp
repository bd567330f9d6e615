// One reading of ECS's loosely typed values, so that every part of a container's create body
// accepts the same spellings.
#include "tasks/definition_values.hpp"

#include <exception>

namespace minecs::reconcile {

std::optional<std::int64_t> number(const json& v) {
  if (v.is_number()) {
    return v.get<std::int64_t>();
  }
  if (v.is_string()) {
    try {
      return std::stoll(v.get<std::string>());
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> number_of(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) {
    return std::nullopt;
  }
  return number(obj[key]);
}

json pick(const json& def, const json* over, const char* key) {
  if (over != nullptr && over->contains(key) && !(*over)[key].is_null()) {
    return (*over)[key];
  }
  return def.value(key, json());
}

}  // namespace minecs::reconcile
