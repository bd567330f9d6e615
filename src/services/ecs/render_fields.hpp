#pragma once
#include <string>

#include "minecs/core/json.hpp"

// What ECS leaves out of a resource rather than writing empty: times not reached yet, texts not
// set.
namespace minecs::ecs {

inline void put_time(json& out, const char* key, double t) {
  if (t > 0) {
    out[key] = t;
  }
}

inline void put_text(json& out, const char* key, const std::string& v) {
  if (!v.empty()) {
    out[key] = v;
  }
}

}  // namespace minecs::ecs
