#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "minecs/core/json.hpp"

namespace minecs::api {

// Readers for request members that the model has already type-checked; absent and null are the
// same, as AWS treats them.
inline bool has(const json& in, const char* key) {
  auto it = in.find(key);
  return it != in.end() && !it->is_null();
}
inline std::string str(const json& in, const char* key, std::string fallback = {}) {
  return has(in, key) ? in.at(key).get<std::string>() : fallback;
}
inline std::optional<std::string> opt_str(const json& in, const char* key) {
  return has(in, key) ? std::optional(in.at(key).get<std::string>()) : std::nullopt;
}
inline std::optional<long long> opt_int(const json& in, const char* key) {
  return has(in, key) ? std::optional(in.at(key).get<long long>()) : std::nullopt;
}
inline bool boolean(const json& in, const char* key, bool fallback = false) {
  return has(in, key) ? in.at(key).get<bool>() : fallback;
}
inline std::vector<std::string> str_list(const json& in, const char* key) {
  return has(in, key) ? in.at(key).get<std::vector<std::string>>() : std::vector<std::string>{};
}
inline const json& member_or(const json& in, const char* key, const json& fallback) {
  return has(in, key) ? in.at(key) : fallback;
}
// A temporary fallback is returned by value: a reference to it would dangle once the full
// expression ends, as in `for (const auto& x : member_or(in, "Tags", json::array()))`.
inline json member_or(const json& in, const char* key, json&& fallback) {
  return has(in, key) ? in.at(key) : std::move(fallback);
}

}  // namespace minecs::api
