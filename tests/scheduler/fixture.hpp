#pragma once
// The scheduler against an in-memory store, on a fake clock, with the test playing the reconciler
// (tasks go RUNNING and STOPPED as Docker would) and the user (UpdateService), one scheduler
// decision at a time. Shared by the scheduler's tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <iterator>

#include "manual_clock.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/scheduler/scheduler.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/container_instances.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/store/tasks.hpp"
#include "sample_records.hpp"

namespace minecs::scheduler::test_support {

inline const scope here{"us-east-1", "000000000000"};

// The tests move tasks to RUNNING and look at once; the settle window has its own test.
inline settings instant_settle() {
  settings s;
  s.settle_seconds = 0;
  return s;
}

class scheduler_fixture : public ::testing::Test {
 protected:
  explicit scheduler_fixture(std::uint64_t seed = 42)
      : ids_(seed), sched_(db_, clock_, ids_, instant_settle()) {
    db_.write([&] {
      store::cluster_record c;
      c.arn = cluster_arn(here, "c1");
      c.region = here.region;
      c.name = "c1";
      c.created_at = clock_.now();
      store::save_cluster(db_, c);
      store::container_instance_record ci;
      ci.arn = container_instance_arn(here, "c1", "ci1");
      ci.id = "ci1";
      ci.cluster_arn = c.arn;
      store::save_container_instance(db_, ci);
    });
    register_td("web", 1, false);
    register_td("web", 2, false);
  }

  void register_td(const std::string& family, long revision, bool health_check) {
    db_.write([&] {
      store::task_definition_record td;
      td.region = here.region;
      td.family = family;
      td.revision = revision;
      td.arn = task_definition_arn(here, family, revision);
      json container = {{"name", "app"}, {"image", "busybox"}, {"memory", 64}};
      if (health_check) {
        container["healthCheck"] = {{"command", {"CMD", "true"}}};
      }
      td.body = {{"family", family},
                 {"containerDefinitions", json::array({container})},
                 {"compatibilities", {"EC2"}}};
      td.registered_at = clock_.now();
      store::save_task_definition(db_, td);
    });
  }

  store::service_record make_service(long desired, long min_pct = 100, long max_pct = 200,
                                     bool breaker = false, bool rollback = false,
                                     const std::string& strategy = "REPLICA") {
    auto s = ::minecs::test_support::sample_service();
    s.scheduling_strategy = strategy;
    s.desired_count = desired;
    s.launch_type = "EC2";
    s.deployment_configuration = {
        {"minimumHealthyPercent", min_pct},
        {"maximumPercent", max_pct},
        {"deploymentCircuitBreaker", {{"enable", breaker}, {"rollback", rollback}}}};
    s.created_at = clock_.now();
    s.deployments.push_back(store::new_deployment(s, ids_, clock_.now()));
    db_.write([&] { store::save_service(db_, s); });
    return s;
  }

  store::service_record service() {
    return db_.read([&] { return *store::find_service(db_, service_arn(here, "c1", "svc")); });
  }

  void save(const store::service_record& s) {
    db_.write([&] { store::save_service(db_, s); });
  }

  // What UpdateService does for a new task definition.
  void deploy(long revision) {
    auto s = service();
    s.task_definition_arn = task_definition_arn(here, "web", revision);
    for (auto& d : s.deployments) {
      if (d.status == "PRIMARY") {
        d.status = "ACTIVE";
      }
    }
    s.deployments.insert(s.deployments.begin(), store::new_deployment(s, ids_, clock_.now()));
    s.steady = false;
    save(s);
  }

  std::vector<store::task_record> tasks() {
    return db_.read([&] { return store::tasks_of_service(db_, cluster_arn(here, "c1"), "svc"); });
  }

  std::vector<store::task_record> where(bool (*pred)(const store::task_record&)) {
    auto all = tasks();
    std::vector<store::task_record> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out), pred);
    return out;
  }

  static bool live(const store::task_record& t) {
    return t.desired_status == task_status::running && t.last_status != task_status::stopped;
  }
  static bool present(const store::task_record& t) { return t.last_status != task_status::stopped; }
  static bool running(const store::task_record& t) {
    return live(t) && t.last_status == task_status::running;
  }

  void update_task(const std::string& arn, const std::function<void(store::task_record&)>& fn) {
    db_.write([&] {
      auto t = *store::find_task(db_, arn);
      fn(t);
      store::save_task(db_, t);
    });
  }

  void mark_running(const store::task_record& t, health_status health = health_status::unknown) {
    update_task(t.arn, [&](auto& x) {
      x.last_status = task_status::running;
      x.started_at = clock_.now();
      x.health_status = health;
    });
  }

  void mark_stopped(const store::task_record& t, stop_code code = stop_code::none) {
    update_task(t.arn, [&](auto& x) {
      x.last_status = task_status::stopped;
      x.desired_status = task_status::stopped;
      if (code != stop_code::none) {
        x.stop_code = code;
      }
      x.stopped_at = clock_.now();
    });
  }

  // The reconciler's whole job at once: pending tasks run, stopping tasks stop.
  void settle_all() {
    for (const auto& t : tasks()) {
      if (t.desired_status == task_status::stopped && t.last_status != task_status::stopped) {
        mark_stopped(t);
      } else if (t.desired_status == task_status::running &&
                 t.last_status != task_status::running && t.last_status != task_status::stopped) {
        mark_running(t);
      }
    }
  }

  std::vector<std::string> messages() {
    return db_.read([&] {
      std::vector<std::string> out;
      for (const auto& e : store::service_events(db_, service_arn(here, "c1", "svc"))) {
        out.push_back(e.message);
      }
      return out;
    });
  }

  long count_messages(const std::string& needle) {
    auto all = messages();
    return std::count_if(all.begin(), all.end(),
                         [&](const auto& m) { return m.find(needle) != std::string::npos; });
  }

  const store::deployment_record* primary_of(const store::service_record& s) {
    for (const auto& d : s.deployments) {
      if (d.status == "PRIMARY") {
        return &d;
      }
    }
    return nullptr;
  }

  long visible_deployments(const store::service_record& s) {
    return std::count_if(s.deployments.begin(), s.deployments.end(),
                         [](const auto& d) { return d.status != "INACTIVE"; });
  }

  store::database db_{":memory:"};
  manual_clock clock_;
  random_ids ids_;
  scheduler sched_;
};

}  // namespace minecs::scheduler::test_support
