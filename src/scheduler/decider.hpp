#pragma once
// One pass of scheduler::decide over one service, shared by the files that hold its trades:
// decide.cpp (the pass and the bookkeeping every trade uses), deployments.cpp (replica rollouts,
// the circuit breaker, completion), daemons.cpp (one task per instance) and protection.cpp
// (scale-in protection). Private to the scheduler layer.
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/ids.hpp"
#include "minecs/core/json.hpp"
#include "minecs/scheduler/scheduler.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"
#include "protection_blocks.hpp"

namespace minecs::scheduler::detail {

// Wanted running and not yet stopped.
bool live(const store::task_record& t);
// A task still holds its place (and counts toward maximumPercent) until it is STOPPED.
bool present(const store::task_record& t);
bool contains(const std::vector<std::string>& v, const std::string& x);
// Asks to be looked at again by `t`, unless an earlier time is asked for already.
void wake_by(plan& p, double t);
// A whole percentage of a deploymentConfiguration, or `fallback` when it has none.
long percent(const json& config, const char* key, long fallback);

class decider {
 public:
  decider(store::service_record& s, const std::vector<store::task_record>& tasks, const inputs& in,
          double now, const settings& cfg, id_generator& ids)
      : s_(s), tasks_(tasks), in_(in), now_(now), cfg_(cfg), ids_(ids) {}

  plan run();

 private:
  // decide.cpp: what every trade asks of the service and its tasks.
  std::string prefix() const { return "(service " + s_.name + ")"; }
  store::deployment_record& primary();
  store::deployment_record* deployment(const std::string& id);
  bool healthy(const store::task_record& t) const;
  long healthy_tasks() const;
  bool stopping(const store::task_record& t) const;
  void stop(const store::task_record& t, const std::string& reason);
  std::string scaling_reason();
  void count_failure(const std::string& deployment_id);
  void account_for_stopped_tasks();
  void drain();
  double grace() const;
  // Once the grace period after its start is over, stops the failing task and, the first time,
  // says `failure` of it and counts it against the service; true when it stopped it.
  bool replace_after_grace(const store::task_record& t, const std::string& failure,
                           const std::string& reason);
  void replace_unhealthy();
  bool launches_allowed();
  void start(long n, const std::string& instance = {});

  // deployments.cpp
  long present_of(const std::string& deployment_id) const;
  void retire_drained_deployments();
  void circuit_breaker();
  void retire_old_task(const store::task_record& t, long& healthy_now, long min_healthy);
  void roll_replicas();
  void complete_and_settle();

  // daemons.cpp
  void place_daemons();

  // load_balancing.cpp
  std::optional<store::elbv2_target> target_of(const store::task_record& t,
                                               const target_group_view& g) const;
  bool targets_healthy(const store::task_record& t) const;
  void replace_elb_unhealthy();
  void sync_targets();

  // service_discovery.cpp
  void sync_registries();

  // protection.cpp
  bool shielded(const store::task_record& t);
  void report_protection();

  store::service_record& s_;
  const std::vector<store::task_record>& tasks_;
  const inputs& in_;
  double now_;
  const settings& cfg_;
  id_generator& ids_;
  long desired_ = 0;
  plan p_;
  protection_blocks blocked_;
};

}  // namespace minecs::scheduler::detail
