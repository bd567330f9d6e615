#include "agent_routing/agent_route.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "agent_routing/host_command.hpp"

namespace minecs::reconcile {

namespace {

constexpr const char* rule_comment = "minecs-agent";

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) {
    out.push_back(w);
  }
  return out;
}

std::vector<std::string> iptables(std::vector<std::string> rest) {
  std::vector<std::string> args = {"iptables", "-w", "-t", "nat"};
  args.insert(args.end(), rest.begin(), rest.end());
  return args;
}

// Inserts (-I) or deletes (-D) `rule` (the words after the chain name) in nat PREROUTING.
command_result prerouting(const char* action, const std::vector<std::string>& rule) {
  auto args = iptables({action, "PREROUTING"});
  args.insert(args.end(), rule.begin(), rule.end());
  return run_host_command(args);
}

// Our rules for `bridge` (any bridge when empty) as `iptables -S` prints them, "-A" dropped.
std::vector<std::vector<std::string>> our_rules(const std::string& bridge) {
  std::vector<std::vector<std::string>> out;
  auto listed = run_host_command(iptables({"-S", "PREROUTING"}));
  if (listed.exit_code != 0) {
    return out;
  }
  std::istringstream lines(listed.output);
  std::string line;
  while (std::getline(lines, line)) {
    auto words = split_words(line);
    bool ours = false;
    bool on_bridge = false;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      ours |= words[i] == "--comment" && words[i + 1] == rule_comment;
      on_bridge |= words[i] == "-i" && (bridge.empty() || words[i + 1] == bridge);
    }
    if (ours && on_bridge && words.size() > 2 && words[0] == "-A") {
      out.emplace_back(words.begin() + 2, words.end());
    }
  }
  return out;
}

}  // namespace

std::string bridge_interface(const std::string& network_id) {
  return "br-" + network_id.substr(0, 12);
}

std::string agent_rule_spec(const std::string& bridge, const std::string& host, int port) {
  // In the order `iptables -S` prints, so that an existing rule compares equal.
  return "PREROUTING -d " + std::string(agent_address) + "/32 -i " + bridge +
         " -p tcp -m tcp --dport 80 -m comment --comment " + rule_comment +
         " -j DNAT --to-destination " + host + ":" + std::to_string(port);
}

std::optional<std::string> route_agent_address(const std::string& bridge, const std::string& host,
                                               int port) {
  auto wanted = split_words(agent_rule_spec(bridge, host, port));
  std::vector<std::string> rule(wanted.begin() + 1, wanted.end());
  bool present = false;
  for (const auto& r : our_rules(bridge)) {
    if (r == rule) {
      present = true;
      continue;
    }
    (void)prerouting("-D", r);
  }
  if (!present) {
    auto added = prerouting("-I", rule);
    if (added.exit_code != 0) {
      return "iptables: " + (added.output.empty() ? std::string("failed") : added.output);
    }
  }
  // Without it the kernel drops packets bound for 127.0.0.1 that arrive on the bridge.
  if (host.starts_with("127.")) {
    std::ofstream sysctl("/proc/sys/net/ipv4/conf/" + bridge + "/route_localnet");
    sysctl << "1\n";
    sysctl.flush();
    if (!sysctl) {
      return "cannot set net.ipv4.conf." + bridge + ".route_localnet";
    }
  }
  return std::nullopt;
}

void remove_stale_agent_routes() {
  for (const auto& r : our_rules("")) {
    auto in = std::find(r.begin(), r.end(), "-i");
    if (in == r.end() || in + 1 == r.end() ||
        std::filesystem::exists("/sys/class/net/" + *(in + 1))) {
      continue;
    }
    (void)prerouting("-D", r);
  }
}

void unroute_agent_address(const std::string& bridge) {
  for (const auto& r : our_rules(bridge)) {
    (void)prerouting("-D", r);
  }
}

}  // namespace minecs::reconcile
