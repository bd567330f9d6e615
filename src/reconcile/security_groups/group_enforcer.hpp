#pragma once
#include <vector>

#include "context.hpp"

// Keeps this instance's security group chain (group_rules.hpp) in iptables up to date with the
// store, when --enforce-security-groups is set.
namespace minecs::reconcile {

// The chain of this instance: "MINECS-SG-" and the instance id's first 12 characters.
std::string group_chain_name(const context& cx);

// Rewrites the chain when the interfaces of the tasks not stopped or the regions' group rules
// changed since the last call, and makes every VPC network's bridge jump to it. Cheap when
// nothing changed (one read of the store).
void enforce_security_groups(context& cx);

// Removes the jumps to the chain and the chain (reset, the end of an --ephemeral run).
void remove_group_chain(context& cx);

}  // namespace minecs::reconcile
