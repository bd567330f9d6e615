#pragma once
// A target group's health check settings: ELBv2's defaults for its protocol and the checks of
// CreateTargetGroup's and ModifyTargetGroup's Health* members.
#include "minecs/core/json.hpp"
#include "minecs/store/elbv2_records.hpp"

namespace minecs::elbv2 {

// Sets group.health_check from the request's members over ELBv2's defaults for the group's
// protocol, protocol version and target type (CreateTargetGroup).
void set_health_check(store::elbv2_target_group& group, const json& input);
// Applies the members the request has to the group's settings (ModifyTargetGroup).
void modify_health_check(store::elbv2_target_group& group, const json& input);

// The members of a target group that describe its health check.
void render_health_check(json& out, const store::elbv2_health_check& check);

}  // namespace minecs::elbv2
