#include "minecs/scheduler/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "minecs/core/arn.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/container_instances.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/elbv2_targets.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/task/launch_choice.hpp"
#include "minecs/task/task_factory.hpp"
#include "minecs/task/task_lifecycle.hpp"
#include "minecs/task/task_roles.hpp"
#include "minecs/task/task_tags.hpp"

namespace minecs::scheduler {

namespace {

bool has_health_check(const store::task_definition_record& td) {
  for (const auto& c : td.body.value("containerDefinitions", json::array())) {
    if (c.contains("healthCheck") && !c["healthCheck"].is_null()) {
      return true;
    }
  }
  return false;
}

std::optional<store::task_definition_record> definition_of(store::database& db,
                                                           const store::service_record& s,
                                                           const store::deployment_record& d) {
  return store::find_task_definition(db, s.region, d.family, d.revision);
}

// How many of the service's tasks, other than those stopped in this pass, run on each capacity
// provider: what the strategy's base and weights are measured against.
std::map<std::string, long> tasks_per_provider(const std::vector<store::task_record>& tasks,
                                               const std::vector<stop_order>& stops) {
  std::map<std::string, long> out;
  for (const auto& t : tasks) {
    bool stopping = t.desired_status == task_status::stopped;
    for (const auto& order : stops) {
      stopping |= order.task_arn == t.arn;
    }
    if (!stopping && !t.capacity_provider_name.empty()) {
      out[t.capacity_provider_name] += 1;
    }
  }
  return out;
}

// The service's target groups as they are now (those that no longer exist are left out).
std::vector<target_group_view> target_groups_of(store::database& db, const store::service_record& s,
                                                double now) {
  std::vector<target_group_view> out;
  if (!s.load_balancers.is_array()) {
    return out;
  }
  for (const auto& lb : s.load_balancers) {
    auto arn = lb.value("targetGroupArn", std::string());
    if (arn.empty()) {
      continue;
    }
    auto group = store::find_ec2<store::elbv2_target_group>(db, s.region, arn);
    if (!group) {
      continue;
    }
    store::elbv2_forget_drained(*group, now);
    target_group_view g;
    g.arn = arn;
    g.container_name = lb.value("containerName", std::string());
    g.container_port = lb.value("containerPort", 0);
    g.ip_targets = group->target_type == "ip";
    g.in_use = !store::elbv2_load_balancers_using(db, s.region, arn).empty();
    g.deregistration_delay = store::elbv2_deregistration_delay(*group);
    g.targets = std::move(group->targets);
    out.push_back(std::move(g));
  }
  return out;
}

// The Cloud Map services of the service's serviceRegistries and of its Service Connect services
// as they are now (those that no longer exist are left out), with the port each task is at.
std::vector<registry_view> registries_of(store::database& db, const store::service_record& s) {
  std::vector<registry_view> out;
  std::vector<std::pair<std::string, int>> wanted;
  for (const auto& entry : s.service_registries) {
    wanted.emplace_back(entry.value("registryArn", std::string()),
                        entry.value("port", entry.value("containerPort", 0)));
  }
  for (const auto& entry : s.service_connect_resources) {
    wanted.emplace_back(entry.value("discoveryArn", std::string()),
                        entry.value("containerPort", 0));
  }
  for (const auto& [arn, port] : wanted) {
    auto slash = arn.rfind('/');
    if (slash == std::string::npos) {
      continue;
    }
    auto service = store::find_cloudmap_service(db, arn.substr(slash + 1));
    if (!service || service->arn != arn) {
      continue;
    }
    registry_view r;
    r.port = port;
    for (auto& i : store::list_cloudmap_instances(db, service->id)) {
      r.instances.emplace(i.id, std::move(i));
    }
    r.service = std::move(*service);
    out.push_back(std::move(r));
  }
  return out;
}

// Registers and deregisters the instances the pass decided on, in the same transaction.
void apply_instance_changes(store::database& db, const std::vector<instance_change>& changes) {
  for (const auto& c : changes) {
    auto service = store::find_cloudmap_service(db, c.registry_id);
    if (!service) {
      continue;
    }
    if (c.registered) {
      store::register_cloudmap_instance(db, *service, c.instance);
    } else {
      store::deregister_cloudmap_instance(db, *service, c.instance.id);
    }
  }
}

// Registers and deregisters the targets the pass decided on, in the same transaction.
void apply_target_changes(store::database& db, const std::string& region,
                          const std::vector<target_change>& changes, double now) {
  std::map<std::string, std::vector<const target_change*>> by_group;
  for (const auto& c : changes) {
    by_group[c.target_group_arn].push_back(&c);
  }
  for (const auto& [arn, group_changes] : by_group) {
    auto group = store::find_ec2<store::elbv2_target_group>(db, region, arn);
    if (!group) {
      continue;
    }
    store::elbv2_forget_drained(*group, now);
    bool in_use = !store::elbv2_load_balancers_using(db, region, arn).empty();
    for (const auto* c : group_changes) {
      if (c->registered) {
        store::elbv2_register_target(*group, c->target);
      } else {
        store::elbv2_deregister_target(*group, c->target.id, c->target.port, now, in_use);
      }
    }
    store::put_ec2(db, *group);
  }
}

// A deleted service's Service Connect services in Cloud Map that ECS made (tagged
// AmazonECSManaged) go with it once their instances are gone and no other service uses them, as
// on AWS: a stack's namespace is then deleted right after its ECS services.
void release_service_connect(store::database& db, const store::service_record& gone) {
  std::set<std::string> in_use;
  for (const auto& other : store::services_to_schedule(db)) {
    if (other.arn == gone.arn) {
      continue;
    }
    for (const auto& r : other.service_connect_resources) {
      in_use.insert(r.value("discoveryArn", std::string()));
    }
  }
  for (const auto& r : gone.service_connect_resources) {
    auto arn = r.value("discoveryArn", std::string());
    auto slash = arn.rfind('/');
    auto service = slash == std::string::npos
                       ? std::nullopt
                       : store::find_cloudmap_service(db, arn.substr(slash + 1));
    if (!service || service->arn != arn || in_use.contains(arn) ||
        !store::list_cloudmap_instances(db, service->id).empty()) {
      continue;
    }
    auto tags = store::tags_of(db, arn);
    bool managed = std::any_of(tags.begin(), tags.end(), [](const store::tag& t) {
      return t.key == "AmazonECSManaged" && t.value == "true";
    });
    if (managed) {
      store::delete_cloudmap_service(db, service->id);
      store::drop_tags(db, arn);
    }
  }
}

std::string task_list(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    out += (out.empty() ? "" : " ") + std::string("(task ") + id + ")";
  }
  return out;
}

}  // namespace

scheduler::scheduler(store::database& db, const clock& clk, id_generator& ids, settings cfg)
    : db_(db), clock_(clk), ids_(ids), cfg_(cfg) {}

scheduler::~scheduler() {
  stop();
}

// With --strict-iam, ECS starts no task whose role it cannot assume: the service's deployment
// waits, its event says why once, and the next pass after the role is created starts the tasks.
void scheduler::hold_starts_without_roles(store::service_record& s, plan& decision) const {
  if (!cfg_.strict_iam || decision.starts.empty()) {
    return;
  }
  std::optional<std::string> missing;
  for (const auto& d : s.deployments) {
    if (d.id == decision.starts.front().deployment_id) {
      if (auto td = definition_of(db_, s, d)) {
        missing = task::missing_task_role(db_, s.account, td->body, json::object());
      }
    }
  }
  if (!missing) {
    s.role_failure_reported = false;
    return;
  }
  decision.starts.clear();
  if (!s.role_failure_reported) {
    s.role_failure_reported = true;
    decision.events_before.push_back("(service " + s.name +
                                     ") failed to launch a task with (error " +
                                     task::unable_to_assume_role(*missing) + ").");
  }
}

scheduler::outcome scheduler::pass(const std::string& service_arn, bool apply) {
  outcome out;
  auto found = store::find_service(db_, service_arn);
  if (!found || found->status == "INACTIVE") {
    return out;
  }
  auto s = *found;
  auto tasks = store::tasks_of_service(db_, s.cluster_arn, s.name);
  inputs in;
  for (const auto& ci : store::container_instances_of(db_, s.cluster_arn)) {
    if (ci.status == "ACTIVE") {
      in.container_instances.push_back(ci.arn);
    }
  }
  for (const auto& d : s.deployments) {
    if (d.status == "INACTIVE") {
      continue;
    }
    if (auto td = definition_of(db_, s, d); td && has_health_check(*td)) {
      in.health_checked.insert(td->arn);
    }
  }
  double now = clock_.now();
  in.target_groups = target_groups_of(db_, s, now);
  in.registries = registries_of(db_, s);
  if (!in.target_groups.empty()) {
    for (const auto& ci : store::container_instances_of(db_, s.cluster_arn)) {
      in.instance_ids[ci.arn] = ci.ec2_instance_id;
    }
  }
  auto decision = decide(s, tasks, in, now, cfg_, ids_);
  hold_starts_without_roles(s, decision);
  out.wake_at = decision.wake_at;
  out.changed = !decision.starts.empty() || !decision.stops.empty() ||
                !decision.target_changes.empty() || !decision.drains.empty() ||
                !decision.instance_changes.empty() || !decision.events_before.empty() ||
                !decision.events_after.empty() ||
                store::service_document(s) != store::service_document(*found);
  if (!apply || !out.changed) {
    return out;
  }

  auto event = [&](const std::string& message) {
    store::add_service_event(db_, s.arn, {ids_.uuid(), now, message});
  };
  for (const auto& m : decision.events_before) {
    event(m);
  }

  apply_target_changes(db_, s.region, decision.target_changes, now);
  apply_instance_changes(db_, decision.instance_changes);
  for (const auto& hold : decision.drains) {
    if (auto t = store::find_task(db_, hold.task_arn)) {
      t->targets_drain_until = hold.until;
      store::save_task(db_, *t);
    }
  }

  std::vector<std::string> stopped;
  for (const auto& order : decision.stops) {
    auto t = store::find_task(db_, order.task_arn);
    if (!t || !task::request_stop(*t, stop_code::service_scheduler_initiated, order.reason)) {
      continue;
    }
    store::save_task(db_, *t);
    stopped.push_back(t->id);
  }
  if (!stopped.empty()) {
    event("(service " + s.name + ") has stopped " + std::to_string(stopped.size()) +
          " running tasks: " + task_list(stopped) + ".");
  }

  std::vector<std::string> started;
  if (!decision.starts.empty()) {
    auto cluster = store::find_cluster(db_, s.region, s.cluster_name);
    const store::deployment_record* d = nullptr;
    for (const auto& x : s.deployments) {
      if (x.id == decision.starts.front().deployment_id) {
        d = &x;
      }
    }
    auto td = d ? definition_of(db_, s, *d) : std::nullopt;
    if (!cluster || cluster->status != "ACTIVE" || !td) {
      spdlog::warn("service {}: cannot start tasks (cluster or task definition missing)", s.arn);
    } else {
      task::launch_request req;
      req.cluster = *cluster;
      req.definition = *td;
      req.launch_type = task::launch_type_of({d->launch_type, d->capacity_provider_strategy});
      auto providers = task::place_tasks(
          task::strategy_from_json(d->launch_type.empty() ? d->capacity_provider_strategy
                                                          : json::array()),
          tasks_per_provider(tasks, decision.stops), static_cast<long>(decision.starts.size()));
      req.platform_version = d->platform_version;
      req.network_configuration = d->network_configuration;
      req.started_by = d->id;
      req.group = "service:" + s.name;
      req.service_name = s.name;
      req.enable_execute_command = s.enable_execute_command;
      auto tags = task::new_task_tags(
          db_, {},
          {s.propagate_tags, td->arn, s.arn, s.enable_ecs_managed_tags, s.cluster_name, s.name});
      scope where{s.region, s.account};
      for (std::size_t i = 0; i < decision.starts.size(); ++i) {
        const auto& order = decision.starts[i];
        req.capacity_provider_name = i < providers.size() ? providers[i] : "";
        req.container_instance_arn =
            req.launch_type == launch_type::fargate ? "" : order.container_instance_arn;
        auto task = task::make_task(req, where, clock_, ids_);
        store::save_task(db_, task);
        store::put_tags(db_, task.arn, tags);
        started.push_back(task.id);
      }
    }
  }
  if (!started.empty()) {
    event("(service " + s.name + ") has started " + std::to_string(started.size()) +
          " tasks: " + task_list(started) + ".");
  }
  for (const auto& m : decision.events_after) {
    event(m);
  }
  store::save_service(db_, s);
  if (s.status == "INACTIVE") {
    release_service_connect(db_, s);
  }
  return out;
}

double scheduler::run_once() {
  std::lock_guard lock(run_mutex_);
  auto arns = db_.read([&] {
    std::vector<std::string> out;
    for (const auto& s : store::services_to_schedule(db_)) {
      out.push_back(s.arn);
    }
    return out;
  });
  double wake = 0;
  for (const auto& arn : arns) {
    try {
      // Deciding on a read first keeps an idle service from taking the write lock and from
      // waking every waiter on the store with an empty commit.
      auto seen = db_.read([&] { return pass(arn, false); });
      if (seen.changed) {
        seen = db_.write([&] { return pass(arn, true); });
      }
      if (seen.wake_at > 0 && (wake == 0 || seen.wake_at < wake)) {
        wake = seen.wake_at;
      }
    } catch (const std::exception& e) {
      spdlog::error("scheduler: service {}: {}", arn, e.what());
    }
  }
  return wake;
}

void scheduler::start() {
  if (thread_.joinable()) {
    return;
  }
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void scheduler::stop() {
  stopping_ = true;
  if (thread_.joinable()) {
    db_.changes().notify();  // interrupts the wait
    thread_.join();
  }
}

void scheduler::loop() {
  while (!stopping_) {
    auto seen = db_.changes().generation();
    double wake = run_once();
    double delay = cfg_.resync_seconds;
    if (wake > 0) {
      delay = std::min(delay, std::max(0.05, wake - clock_.now()));
    }
    if (stopping_) {
      break;
    }
    db_.changes().wait_for_change(seen, std::chrono::milliseconds(static_cast<long>(delay * 1000)));
  }
}

}  // namespace minecs::scheduler
