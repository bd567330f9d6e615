#include "security_groups/group_enforcer.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

#include "agent_routing/agent_route.hpp"
#include "agent_routing/host_command.hpp"
#include "labels.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/tasks.hpp"
#include "security_groups/group_rules.hpp"

namespace minecs::reconcile {

namespace {

// Docker's chain for user rules, which FORWARD consults before Docker's own.
constexpr const char* docker_user_chain = "DOCKER-USER";

command_result filter_table(std::vector<std::string> rest) {
  std::vector<std::string> args = {"iptables", "-w", "-t", "filter"};
  args.insert(args.end(), rest.begin(), rest.end());
  return run_host_command(args);
}

// The chain's new rules in one iptables-restore transaction: flushing it and appending rule by
// rule would leave it empty meanwhile, and a connection opened then would get through (and stay
// open, as ESTABLISHED). --noflush keeps every other chain; the chain's own line flushes it.
command_result replace_chain(const std::string& chain,
                             const std::vector<std::vector<std::string>>& rules) {
  std::string text = "*filter\n:" + chain + " - [0:0]\n";
  for (const auto& rule : rules) {
    text += "-A";
    for (const auto& word : rule) {
      text += " " + word;  // addresses, ports and names: none holds a space
    }
    text += "\n";
  }
  text += "COMMIT\n";
  std::string path = "/tmp/minecs-sg-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) {
    return {-1, "cannot create a temporary file for iptables-restore"};
  }
  close(fd);
  {
    std::ofstream out(path, std::ios::trunc);
    out << text;
  }
  auto r = run_host_command({"iptables-restore", "-w", "--noflush", path});
  std::remove(path.c_str());
  return r;
}

std::vector<std::string> jump(const std::string& bridge, const std::string& chain) {
  return {docker_user_chain, "-i", bridge, "-o", bridge, "-j", chain};
}

void add_jump(const std::string& bridge, const std::string& chain) {
  auto rule = jump(bridge, chain);
  std::vector<std::string> check = {"-C"};
  check.insert(check.end(), rule.begin(), rule.end());
  if (filter_table(check).exit_code == 0) {
    return;
  }
  std::vector<std::string> insert = {"-I", docker_user_chain, "1"};
  insert.insert(insert.end(), rule.begin() + 1, rule.end());
  if (auto r = filter_table(insert); r.exit_code != 0) {
    spdlog::warn("reconciler: security groups are not enforced on {}: iptables: {}", bridge,
                 r.output);
  }
}

void delete_jump(const std::string& bridge, const std::string& chain) {
  std::vector<std::string> del = {"-D"};
  auto rule = jump(bridge, chain);
  del.insert(del.end(), rule.begin(), rule.end());
  while (filter_table(del).exit_code == 0) {
  }
}

std::vector<guarded_interface> interfaces_of(const std::vector<store::task_record>& tasks,
                                             std::set<std::string>& regions) {
  std::vector<guarded_interface> out;
  for (const auto& t : tasks) {
    if (t.last_status == task_status::stopped) {
      continue;
    }
    for (const auto& a : t.attachments) {
      if (a.status == "ATTACHED" && !a.vpc_id.empty() && !a.private_ipv4.empty()) {
        out.push_back({a.private_ipv4, a.security_groups});
        regions.insert(t.region);
      }
    }
  }
  return out;
}

// With group_mutex held.
void remove_chain_locked(context& cx) {
  auto chain = group_chain_name(cx);
  // Every jump to the chain, whichever bridge: DOCKER-USER as iptables -S prints it.
  auto listed = filter_table({"-S", docker_user_chain});
  std::string line;
  for (char c : listed.output + "\n") {
    if (c != '\n') {
      line += c;
      continue;
    }
    auto at = line.find(" -j " + chain);
    if (line.starts_with("-A ") && at != std::string::npos &&
        at + 4 + chain.size() == line.size()) {
      auto in = line.find("-i ");
      if (in != std::string::npos) {
        auto bridge = line.substr(in + 3, line.find(' ', in + 3) - (in + 3));
        delete_jump(bridge, chain);
      }
    }
    line.clear();
  }
  (void)filter_table({"-F", chain});
  (void)filter_table({"-X", chain});
  cx.group_rules_applied.clear();
  cx.guarded_bridges.clear();
}

}  // namespace

std::string group_chain_name(const context& cx) {
  return "MINECS-SG-" + cx.cfg.instance_id.substr(0, 12);
}

void enforce_security_groups(context& cx) {
  if (!cx.cfg.enforce_security_groups) {
    return;
  }
  // The tasks are read under the lock: a pass that read them earlier (the loop's) must not write
  // its older chain over the one a task start just wrote, which would leave that task unguarded.
  std::lock_guard group_lock(cx.group_mutex);
  auto tasks = cx.db.read([&] { return store::tasks_not_stopped(cx.db); });
  std::set<std::string> regions;
  auto interfaces = interfaces_of(tasks, regions);
  if (interfaces.empty()) {
    // Nothing to guard: no chain is left behind for a server that stops now.
    if (!cx.group_rules_applied.empty() || !cx.guarded_bridges.empty()) {
      remove_chain_locked(cx);
    }
    return;
  }
  std::vector<store::ec2_security_group_rule> rules;
  cx.db.read([&] {
    for (const auto& region : regions) {
      auto some = store::list_ec2<store::ec2_security_group_rule>(cx.db, region);
      rules.insert(rules.end(), some.begin(), some.end());
    }
  });
  auto chain = group_chain_name(cx);
  auto wanted = group_chain_rules(chain, interfaces, rules);
  std::set<std::string> bridges;
  {
    std::lock_guard lock(cx.cache_mutex);
    for (const auto& [key, net] : cx.vpc_networks) {
      if (!net.id.empty()) {
        bridges.insert(bridge_interface(net.id));
      }
    }
  }
  if (cx.guarded_bridges.empty()) {
    // After a restart the tasks that kept running are on VPC networks no task start has looked
    // up yet: Docker's list of this instance's networks names them.
    auto nets = cx.docker.list_networks({instance_filter(cx.cfg.instance_id)}, cx.cfg.call_timeout);
    for (const auto& n : nets ? *nets : json::array()) {
      auto labels = n.value("Labels", json::object());
      if (owned_by(labels, cx.cfg.instance_id) && labels.contains(std::string(vpc_label))) {
        bridges.insert(bridge_interface(n.value("Id", "")));
      }
    }
  }
  if (wanted != cx.group_rules_applied) {
    if (auto r = replace_chain(chain, wanted); r.exit_code != 0) {
      spdlog::warn("reconciler: cannot write the security group chain {}: {}", chain, r.output);
      return;
    }
    cx.group_rules_applied = wanted;
  }
  for (const auto& bridge : bridges) {
    if (!cx.guarded_bridges.contains(bridge)) {
      add_jump(bridge, chain);
    }
  }
  for (const auto& bridge : cx.guarded_bridges) {
    if (!bridges.contains(bridge)) {
      delete_jump(bridge, chain);
    }
  }
  cx.guarded_bridges = bridges;
}

void remove_group_chain(context& cx) {
  if (!cx.cfg.enforce_security_groups) {
    return;
  }
  std::lock_guard group_lock(cx.group_mutex);
  remove_chain_locked(cx);
}

}  // namespace minecs::reconcile
