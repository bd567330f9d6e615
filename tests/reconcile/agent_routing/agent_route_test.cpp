#include <gtest/gtest.h>

#include "agent_routing/agent_route.hpp"

namespace minecs::reconcile {
namespace {

TEST(AgentRoute, BridgeIsNamedAfterTheNetworkId) {
  EXPECT_EQ(bridge_interface("6c8c081bcc77aa0011223344"), "br-6c8c081bcc77");
}

TEST(AgentRoute, RuleIsWrittenAsIptablesListsIt) {
  // `iptables -S` prints options in this order; the rule must compare equal to find it again.
  EXPECT_EQ(agent_rule_spec("br-6c8c081bcc77", "127.0.0.1", 40123),
            "PREROUTING -d 169.254.170.2/32 -i br-6c8c081bcc77 -p tcp -m tcp --dport 80 "
            "-m comment --comment minecs-agent -j DNAT --to-destination 127.0.0.1:40123");
}

}  // namespace
}  // namespace minecs::reconcile
