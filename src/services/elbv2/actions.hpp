#pragma once
// The actions of listeners and rules: forward (one target group, or several with weights),
// fixed-response and redirect, read from a request with ELBv2's checks and rendered back.
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/store/elbv2_records.hpp"

namespace minecs::elbv2 {

// Inside a transaction: the actions of a request for a listener of `lb` that speaks
// `listener_protocol`. Every target group must exist, be in the balancer's VPC, speak a
// protocol the listener can forward to, and be used by no other load balancer.
std::vector<store::elbv2_action> read_actions(api::request_context& ctx, const json& list,
                                              const store::elbv2_load_balancer& lb,
                                              const std::string& listener_protocol);
json render_actions(const std::vector<store::elbv2_action>& actions);

}  // namespace minecs::elbv2
