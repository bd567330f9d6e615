// The PROVISIONING phase: the network a task joins must exist (and, in awsvpc mode, the holder
// whose namespace its containers share) before any of its containers can be created.
#include "labels.hpp"
#include "minecs/task/task_lifecycle.hpp"
#include "security_groups/group_enforcer.hpp"
#include "tasks/container_config.hpp"
#include "tasks/network_dns.hpp"
#include "tasks/networking.hpp"
#include "tasks/observe.hpp"
#include "tasks/task_phases.hpp"
#include "tasks/task_plan.hpp"
#include "tasks/vpc_networks.hpp"

namespace minecs::reconcile::driver {

namespace {

// In awsvpc mode the task has one address, the holder's: the service name leads there.
std::vector<std::string> holder_aliases(const store::task_record& t) {
  if (t.service_name.empty()) {
    return {};
  }
  return {t.service_name};
}

}  // namespace

step_outcome provision(context& cx, const snapshot& s, std::uint64_t epoch) {
  const auto& t = s.task;
  if (auto why = unsupported_reason(s.definition, t.overrides)) {
    return fail_to_start(cx, t.arn, *why, all_names(t));
  }
  // ECS fetches them before it pulls images, so an unknown one fails the task that early.
  if (auto r = task_secrets(cx, s); auto* f = std::get_if<secret_failure>(&r)) {
    return fail_to_start(cx, t.arn, f->reason, all_names(t));
  }
  double now = cx.clk.now();
  if (t.network_mode != network_mode::awsvpc) {
    // Bridge tasks join their cluster's network, where services are known by name and
    // 169.254.170.2 leads to the agent; Docker's default bridge offers neither.
    std::string network;
    if (t.network_mode == network_mode::bridge) {
      auto net = ensure_cluster_network(cx, t);
      if (!net) {
        return start_trouble(
            cx, t, net.error(),
            "ResourceInitializationError: cannot create the cluster network: ", {});
      }
      network = *net;
    }
    mutate_task(cx.db, t.arn, [&](store::task_record& r) {
      if (r.last_status != task_status::provisioning) {
        return false;
      }
      if (!network.empty()) {
        r.runtime.network = network;
      }
      return task::advance(r, task_status::pending, now);
    });
    return again_now();
  }
  const std::string init_error = "ResourceInitializationError: ";
  if (auto h = ensure_holder(cx); !h) {
    return start_trouble(cx, t, h.error(),
                         init_error + "cannot import the network holder image: ", {});
  }
  auto place = cx.db.read([&] { return placement_of(cx.db, t); });
  if (!place) {
    auto subnet = t.attachments.empty() ? std::string() : t.attachments[0].subnet_id;
    return fail_to_start(cx, t.arn,
                         init_error + "The subnet ID '" + subnet +
                             "' does not exist (ErrorCode: InvalidSubnetID.NotFound)",
                         all_names(t));
  }
  auto vpc_net = ensure_vpc_network(cx, place->vpc);
  if (!vpc_net) {
    return start_trouble(cx, t, vpc_net.error(),
                         init_error + "cannot create the network of " + place->vpc.id + ": ", {});
  }
  const auto* net = &vpc_net->name;
  std::string holder = t.runtime.holder_id;
  if (holder.empty()) {
    if (reset_happened(cx, epoch)) {
      return {};
    }
    auto address = t.attachments.empty() ? std::string() : t.attachments[0].private_ipv4;
    if (address.empty()) {
      address = reserve_address(cx, t, place->subnet, *vpc_net);
    }
    if (address.empty()) {
      return fail_to_start(cx, t.arn,
                           init_error + "no free IP address left in subnet " + place->subnet.id +
                               " (" + place->subnet.cidr_block + ")",
                           all_names(t));
    }
    auto labels = task_labels(t, std::string(holder_container_name), owner(cx.cfg));
    auto created = cx.docker.create_container(
        docker_container_name(t, holder_container_name, cx.ids),
        holder_create_config(s.definition, cx.cfg.holder_image, *net, labels, holder_aliases(t),
                             network_dns_servers(cx, *net), address),
        cx.cfg.call_timeout);
    if (!created) {
      return start_trouble(cx, t, created.error(),
                           init_error + "cannot create the task network namespace: ", {});
    }
    holder = *created;
    // Recorded at once, so that whatever happens next the holder is removed with the task.
    mutate_task(cx.db, t.arn, [&](store::task_record& r) {
      r.runtime.holder_id = holder;
      r.runtime.network = *net;
      return true;
    });
  }
  if (auto started = cx.docker.start_container(holder, cx.cfg.call_timeout); !started) {
    return start_trouble(cx, t, started.error(),
                         init_error + "cannot start the task network namespace: ", {});
  }
  auto info = cx.docker.inspect_container(holder, cx.cfg.call_timeout);
  if (!info) {
    return start_trouble(cx, t, info.error(), init_error, {});
  }
  auto addr = holder_address(*info, *net);
  auto eni = make_eni_id(cx.ids);
  now = cx.clk.now();
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    if (r.last_status != task_status::provisioning) {
      return false;
    }
    attach_eni(r, addr, eni);
    for (auto& a : r.attachments) {
      a.vpc_id = place->vpc.id;
      a.security_groups = place->security_groups;
    }
    return task::advance(r, task_status::pending, now);
  });
  if (cx.cfg.enforce_security_groups) {
    // The interface is guarded before any container of the task starts: AWS applies a group from
    // the moment the interface exists, so no connection may slip in before the next pass.
    enforce_security_groups(cx);
  }
  return again_now();
}

}  // namespace minecs::reconcile::driver
