#pragma once
// The attributes of load balancers and target groups: each kind's keys with ELBv2's defaults,
// and what a value of each may be. Records keep only what ModifyXAttributes set.
#include <map>
#include <string>

#include "minecs/store/elbv2_records.hpp"

namespace minecs::elbv2 {

using attribute_map = std::map<std::string, std::string>;

// Every attribute of the load balancer, its own values over the defaults of its type.
attribute_map load_balancer_attributes(const store::elbv2_load_balancer& lb);
// Every attribute of the target group, its own values over the defaults of its protocol and
// target type.
attribute_map target_group_attributes(const store::elbv2_target_group& group);

// Every attribute of the listener, by its protocol (Describe/ModifyListenerAttributes).
attribute_map listener_attributes(const store::elbv2_listener& listener);

// Checks a requested change against the full map (`current`, updated in place): a key the
// resource does not have or a value outside its range is a ValidationError.
void set_load_balancer_attribute(attribute_map& current, const std::string& key,
                                 const std::string& value);
void set_target_group_attribute(const store::elbv2_target_group& group, attribute_map& current,
                                const std::string& key, const std::string& value);
void set_listener_attribute(attribute_map& current, const std::string& key,
                            const std::string& value);

bool deletion_protected(const store::elbv2_load_balancer& lb);
// Whether the protocol is one of a Network Load Balancer's (TCP, TLS, UDP, TCP_UDP).
bool is_layer4(const std::string& protocol);

}  // namespace minecs::elbv2
