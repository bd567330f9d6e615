#pragma once
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "labels.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/reconcile/reconciler.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::reconcile {

class log_shipper;

// Who owns what this instance creates, for its labels.
inline instance_owner owner(const settings& s) {
  return {s.instance_id, s.data_dir, s.mount_ns};
}

// A VPC's Docker network. Its range is the VPC's CIDR, or, when that collides with a network
// already on the host, a block of the same size from minecs's pool: addresses then keep their
// offset in the VPC (see vpc_networks.hpp).
struct vpc_network {
  std::string name;
  std::string id;
  ipv4_subnet vpc_block;
  ipv4_subnet docker_block;
  // The Docker range that stands for `block` of the VPC (the same offset).
  ipv4_subnet mapped(const ipv4_subnet& block) const {
    return {docker_block.base + (block.base - vpc_block.base), block.prefix};
  }
};

// What every reconcile step shares. The caches are only shortcuts: losing them costs a Docker
// call, never correctness.
struct context {
  context(store::database& d, docker::client& c, const clock& k, id_generator& i, settings s)
      : db(d), docker(c), clk(k), ids(i), cfg(std::move(s)) {}

  store::database& db;
  docker::client& docker;
  const clock& clk;
  id_generator& ids;
  settings cfg;
  // The awslogs capture, owned by the reconciler; null where nothing is captured (unit tests).
  log_shipper* logs = nullptr;
  // Bumped by a reset: a step that sees it change creates nothing more.
  std::atomic<std::uint64_t> epoch{0};

  std::mutex cache_mutex;
  std::map<std::string, std::string> networks;      // cluster key → Docker network name
  std::map<std::string, vpc_network> vpc_networks;  // region/vpc id → its network
  bool holder_image_ready = false;
  // Held from choosing a task's address until the task's record holds it.
  std::mutex address_mutex;
  // The security group rules last written to iptables, and the bridges that jump to them.
  std::mutex group_mutex;
  std::vector<std::vector<std::string>> group_rules_applied;
  std::set<std::string> guarded_bridges;
  // Network name → the address of the task DNS on it (tasks/network_dns.hpp). A mutex of its
  // own: networks are offered to the DNS while cache_mutex is held.
  std::mutex dns_mutex;
  std::map<std::string, std::string> dns_servers;
  // When each task first failed to reach Docker, for the give-up timeout.
  std::map<std::string, double> unreachable_since;
};

// Re-reads the task inside one write transaction and applies `fn` to the fresh record, so that a
// concurrent StopTask (or any other writer) is never overwritten with what a step saw before its
// Docker calls. `fn` returns false to leave the record unchanged; status changes go through
// domain/task_lifecycle.hpp, which keeps `version`. Returns the record as saved, or nullopt when
// the task is gone.
std::optional<store::task_record> mutate_task(store::database& db, const std::string& arn,
                                              const std::function<bool(store::task_record&)>& fn);

}  // namespace minecs::reconcile
