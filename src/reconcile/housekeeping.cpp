#include "housekeeping.hpp"

#include <limits>
#include <thread>

#include "agent_routing/agent_route.hpp"
#include "labels.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/container_instances.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/store/task_definitions.hpp"
#include "security_groups/group_enforcer.hpp"
#include "tasks/network_dns.hpp"
#include "tasks/volumes.hpp"

namespace minecs::reconcile {

namespace {

std::vector<store::task_record> all_tasks(store::database& db) {
  return db.read([&] {
    auto tasks = store::tasks_not_stopped(db);
    auto stopped = store::tasks_stopped_before(db, std::numeric_limits<double>::max());
    tasks.insert(tasks.end(), stopped.begin(), stopped.end());
    return tasks;
  });
}

// Removes containers a few at a time: a reset of hundreds of tasks should not take minutes.
void remove_containers(context& cx, const std::vector<std::string>& ids) {
  constexpr std::size_t parallel = 8;
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < std::min(parallel, ids.size()); ++w) {
    threads.emplace_back([&, w] {
      for (std::size_t i = w; i < ids.size(); i += parallel) {
        (void)cx.docker.remove_container(ids[i], true, true, cx.cfg.call_timeout);
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
}

}  // namespace

docker::result<void> remove_orphans(context& cx) {
  auto listed =
      cx.docker.list_containers({instance_filter(cx.cfg.instance_id)}, true, cx.cfg.call_timeout);
  if (!listed) {
    return listed.error();
  }
  std::map<std::string, bool> task_stopped;  // arn → STOPPED
  std::set<std::string> known;
  for (const auto& t : all_tasks(cx.db)) {
    task_stopped[t.arn] = t.last_status == task_status::stopped;
    for (const auto& c : t.containers) {
      if (!c.runtime_id.empty()) {
        known.insert(c.runtime_id);
      }
    }
    if (const auto& holder = t.runtime.holder_id; !holder.empty()) {
      known.insert(holder);
    }
  }
  std::vector<std::string> doomed;
  for (const auto& c : *listed) {
    auto id = c.value("Id", "");
    auto labels = c.value("Labels", json::object());
    if (!owned_by(labels, cx.cfg.instance_id) || known.contains(id)) {
      continue;
    }
    auto it = task_stopped.find(task_arn_of(labels));
    // A live task's unrecorded container may be one a step is creating right now; it goes with
    // the task when the task is erased.
    if (it != task_stopped.end() && !it->second) {
      continue;
    }
    if (cx.cfg.keep_stopped_containers && c.value("State", "") != "running") {
      continue;
    }
    doomed.push_back(id);
  }
  remove_containers(cx, doomed);
  return {};
}

bool erase_stopped_task(context& cx, const std::string& arn) {
  auto found = cx.db.read([&]() -> std::optional<std::pair<store::task_record, json>> {
    auto t = store::find_task(cx.db, arn);
    if (!t) {
      return std::nullopt;
    }
    auto td = store::find_task_definition(cx.db, t->region, t->family, t->revision);
    return std::pair{std::move(*t), td ? td->body : json::object()};
  });
  if (!found) {
    return true;
  }
  if (!cx.cfg.keep_stopped_containers) {
    auto listed = cx.docker.list_containers(
        {instance_filter(cx.cfg.instance_id), std::string(task_arn_label) + "=" + arn}, true,
        cx.cfg.call_timeout);
    if (!listed) {
      return false;
    }
    std::vector<std::string> ids;
    for (const auto& c : *listed) {
      ids.push_back(c.value("Id", ""));
    }
    remove_containers(cx, ids);
    remove_task_volumes(cx, found->first, found->second);
  }
  cx.db.write([&] {
    store::erase_task(cx.db, arn);
    store::drop_tags(cx.db, arn);
  });
  return true;
}

void remove_everything(context& cx) {
  auto listed =
      cx.docker.list_containers({instance_filter(cx.cfg.instance_id)}, true, cx.cfg.call_timeout);
  if (listed) {
    std::vector<std::string> ids;
    for (const auto& c : *listed) {
      if (owned_by(c.value("Labels", json::object()), cx.cfg.instance_id)) {
        ids.push_back(c.value("Id", ""));
      }
    }
    remove_containers(cx, ids);
  }
  for (const auto& t : all_tasks(cx.db)) {
    auto td = cx.db.read(
        [&] { return store::find_task_definition(cx.db, t.region, t.family, t.revision); });
    remove_task_volumes(cx, t, td ? td->body : json::object());
  }
  for (const auto& name : shared_volumes(cx.db)) {
    (void)cx.docker.remove_volume(name, true, cx.cfg.call_timeout);
  }
  if (auto nets =
          cx.docker.list_networks({instance_filter(cx.cfg.instance_id)}, cx.cfg.call_timeout)) {
    for (const auto& n : *nets) {
      if (owned_by(n.value("Labels", json::object()), cx.cfg.instance_id)) {
        if (cx.cfg.agent_port > 0) {
          unroute_agent_address(bridge_interface(n.value("Id", "")));
        }
        (void)cx.docker.remove_network(n.value("Id", ""), cx.cfg.call_timeout);
      }
    }
  }
  remove_group_chain(cx);
  // The DNS responder lets go of the removed networks' addresses.
  serve_instance_networks_dns(cx);
  std::lock_guard lock(cx.cache_mutex);
  cx.networks.clear();
  cx.vpc_networks.clear();
  cx.unreachable_since.clear();
}

void record_docker_version(context& cx, const std::set<std::string>& regions,
                           const std::string& version) {
  auto stale = cx.db.read([&] {
    std::vector<store::container_instance_record> out;
    for (const auto& region : regions) {
      for (const auto& cluster : store::list_clusters(cx.db, region, "", 1000)) {
        for (auto& ci : store::container_instances_of(cx.db, cluster.arn)) {
          if (ci.docker_version != version) {
            out.push_back(std::move(ci));
          }
        }
      }
    }
    return out;
  });
  if (stale.empty()) {
    return;
  }
  cx.db.write([&] {
    for (auto& ci : stale) {
      if (auto fresh = store::find_container_instance(cx.db, ci.cluster_arn, ci.arn)) {
        fresh->docker_version = version;
        store::save_container_instance(cx.db, *fresh);
      }
    }
  });
}

}  // namespace minecs::reconcile
