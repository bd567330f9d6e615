#pragma once
#include <string>
#include <vector>

#include "minecs/store/ec2_records.hpp"

// Security groups between tasks (--enforce-security-groups): what AWS would drop, expressed as
// iptables rules of one chain of this instance, which the FORWARD path of every VPC network's
// bridge jumps to for traffic between two of its tasks. Ingress only: a task's traffic is let in
// when a rule of one of its groups lets the protocol and port in from the sender's address (a
// CIDR, or the address of any interface in the referenced group); replies to allowed traffic pass.
// Egress rules are not enforced (every group starts with EC2's allow-all egress rule).
namespace minecs::reconcile {

// A task interface as the rules see it.
struct guarded_interface {
  std::string ipv4;
  std::vector<std::string> groups;
};

// The rules of `chain`, in order, each as iptables arguments after "iptables -w -t filter -A".
std::vector<std::vector<std::string>> group_chain_rules(
    const std::string& chain, const std::vector<guarded_interface>& interfaces,
    const std::vector<store::ec2_security_group_rule>& rules);

}  // namespace minecs::reconcile
