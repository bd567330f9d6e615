#pragma once
// A request's list member, or an empty list when it has none. Unlike api::member_or with a
// temporary fallback, the result may be iterated by a range-for: the empty list outlives it.
#include "minecs/core/json.hpp"

namespace minecs::ec2 {

inline const json& list_member(const json& in, const char* key) {
  static const json empty = json::array();
  auto it = in.find(key);
  return it == in.end() || !it->is_array() ? empty : *it;
}

}  // namespace minecs::ec2
