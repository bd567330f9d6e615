#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/store/database.hpp"

namespace minecs::reconcile {

struct registry_pull {
  std::string reference;
  std::string auth;
};

struct settings {
  std::string instance_id;  // set by the reconciler from the store
  // Labelled on what the instance creates (see instances.hpp); empty in unit tests.
  std::string data_dir;
  std::string mount_ns;
  // Where cluster networks' subnets come from: the first /network_prefix of the pool that no
  // Docker network (of any instance or tool) overlaps.
  ipv4_subnet network_pool{0x0ae00000, 12};
  int network_prefix = 22;
  // A local daemon's bridges share the host's routing table: subnets that overlap its routes (a
  // VPN's, say) are skipped too. Off in unit tests and for a daemon on another host.
  bool avoid_host_routes = false;
  // Drop traffic between awsvpc tasks that their security groups do not let in.
  bool enforce_security_groups = false;
  std::string holder_image = "minecs/holder:latest";
  std::string holder_binary;
  std::string region = "us-east-1";
  int stopped_task_retention_seconds = 3600;
  bool keep_stopped_containers = false;
  int resync_seconds = 30;
  int docker_unavailable_timeout_seconds = 300;
  int workers = 8;
  int host_cpus = 1;
  // Where the agent endpoints (task metadata, credentials) listen; port 0: no agent, so no
  // 169.254.170.2 route and no endpoint variables in containers.
  std::string agent_host = "127.0.0.1";
  int agent_port = 0;
  std::string secrets_file;  // see config::secrets_file
  std::string s3_dir;
  // The task DNS (minecs/dns/responder.hpp): told of each network of this instance and its
  // gateway address as the network is created or found, it answers whether a responder listens
  // there; if so, the containers of tasks on that network get it as their DNS server. Unset:
  // containers keep Docker's defaults.
  std::function<bool(const std::string& network, const std::string& gateway)> serve_dns;
  // Given every network of this instance after each listing, so that it closes the others.
  std::function<void(const std::set<std::string>& networks)> retain_dns;
  // Told of each VPC's network (its Linux bridge, the VPC's CIDR and the Docker range that stands
  // for it) as it is created or found, so that the load balancers of the VPC get addresses on it.
  std::function<void(const std::string& region, const std::string& vpc_id,
                     const std::string& bridge, const ipv4_subnet& vpc_block,
                     const ipv4_subnet& docker_block)>
      vpc_network_ready;
  // Addresses of the VPC networks that tasks must not be given (the load balancers').
  std::function<std::set<std::uint32_t>()> reserved_addresses;
  // ECR's registry (minecs/registry/image_store.hpp): the reference to pull from it, and the
  // X-Registry-Auth to pull with, for an image of a task definition that names one of its
  // repositories (its repositoryUri, or an ECR URI whose repository and tag it holds); nullopt
  // for the others. Unset: no registry.
  std::function<std::optional<registry_pull>(const std::string& image)> registry_image;
  docker::timeout call_timeout{30000};
  docker::timeout pull_timeout{600000};
};

// Makes Docker run what the store says, and the store say what Docker did (the loop and its steps
// are private to this layer). Idle, it blocks.
class runner {
 public:
  virtual ~runner() = default;
  virtual void start() = 0;
  // Returns once no step runs; the containers of tasks keep running.
  virtual void stop() = 0;
  // Removes every container, network and volume of this instance, then wipes the store.
  virtual void reset_and_wipe() = 0;
  // Removes every container, network, volume and agent route of this instance, after stop():
  // --ephemeral ends the instance this way. False when Docker could not be reached.
  virtual bool remove_everything_after_stop() = 0;
  virtual const std::string& instance_id() const = 0;
  // Steps handed to the workers and not finished yet (queued or running): the /metrics backlog.
  virtual int queue_depth() = 0;
};

// `cfg.instance_id` is filled from the store.
std::unique_ptr<runner> make_reconciler(store::database& db, docker::client& docker,
                                        const clock& clk, id_generator& ids, settings cfg);

}  // namespace minecs::reconcile
