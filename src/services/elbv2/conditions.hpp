#pragma once
// The conditions of rules: path-pattern, host-header, http-header, http-request-method,
// query-string and source-ip, read from a request with ELBv2's checks and rendered back.
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/elbv2_records.hpp"

namespace minecs::elbv2 {

std::vector<store::elbv2_condition> read_conditions(const json& list);
json render_conditions(const std::vector<store::elbv2_condition>& conditions);

}  // namespace minecs::elbv2
