#pragma once
#include <optional>
#include <string>

// How containers reach minecs's agent endpoints (task metadata, credentials) at 169.254.170.2:80,
// the address the AWS SDKs and ECS images expect. As the ECS agent does on EC2: a DNAT rule sends
// that address, arriving from a task network's bridge, to the agent listener on the host's
// loopback; route_localnet lets the bridge carry loopback-addressed packets. One rule per bridge,
// so that servers sharing a daemon each serve their own tasks.
namespace minecs::reconcile {

inline constexpr const char* agent_address = "169.254.170.2";

// The Linux bridge behind a Docker bridge network ("br-" and the id's first 12 characters).
std::string bridge_interface(const std::string& network_id);

// Points 169.254.170.2:80 from `bridge` at host:port, replacing an older rule of ours for that
// bridge (a restarted server listens elsewhere). Returns why it could not, or nullopt.
std::optional<std::string> route_agent_address(const std::string& bridge, const std::string& host,
                                               int port);
// Removes our rules for `bridge`; quiet when there are none.
void unroute_agent_address(const std::string& bridge);

// Removes our rules (of any server) whose bridge is gone: a network removed behind minecs's back.
void remove_stale_agent_routes();

// The iptables arguments (after "iptables -w -t nat") for the rule; exposed for the tests.
std::string agent_rule_spec(const std::string& bridge, const std::string& host, int port);

}  // namespace minecs::reconcile
