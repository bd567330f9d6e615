// Reading values out of ECS task definitions as ECS itself accepts them (numbers as strings, a
// container's override beside its definition); shared by the parts of the container create body.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "minecs/core/json.hpp"

namespace minecs::reconcile {

// ECS gives memory sizes in MiB; Docker wants bytes.
constexpr std::int64_t mib = 1024 * 1024;

// ECS accepts numbers as JSON numbers or strings ("256") in several places.
std::optional<std::int64_t> number(const json& v);
// number() of obj[key]; nullopt when obj is no object or has no such key.
std::optional<std::int64_t> number_of(const json& obj, const char* key);

// The definition's value of `key`, or the override's when it has one.
json pick(const json& def, const json* over, const char* key);

}  // namespace minecs::reconcile
