#pragma once
// The scaler's decisions as pure functions: the metrics ECS computes for a service, target
// tracking with its alarms and cooldowns, and the capacity a scheduled action leaves. No store,
// no Docker, no clock.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"

namespace minecs::scaling {

// What a task reserves, as ECS's service metrics divide by: the task-level cpu (units, 1024 a
// vCPU) and memory (MiB) when set, else the sum of its containers'. A task that reserves no cpu
// counts as one vCPU; no memory, as its containers' usage alone (the metric is then 0).
struct reservation {
  double cpu_units = 0;
  double memory_mib = 0;
};
reservation reservation_of(const std::string& task_cpu, const std::string& task_memory,
                           const std::vector<std::string>& container_cpu,
                           const std::vector<std::string>& container_memory,
                           const std::vector<std::string>& container_memory_reservation);

// One reading of a container from Docker's stats (one-shot).
struct container_reading {
  double cpu_ns = 0;        // cpu_stats.cpu_usage.total_usage, cumulative
  double memory_bytes = 0;  // usage less the page cache (inactive_file, or cache on cgroup v1)
  double read_at = 0;       // "read": when Docker read the cgroup, epoch seconds; 0 when unknown
  bool ok = false;
};
container_reading read_stats(const json& stats);

// Seconds since the epoch of an RFC 3339 time as Docker writes it
// ("2026-12-01T22:10:00.123456789Z", or with a +hh:mm offset); nullopt when it is not one.
std::optional<double> rfc3339_seconds(std::string_view text);

// A container's reading kept until the next measurement, to diff its CPU time against.
struct cpu_sample {
  double cpu_ns = 0;
  double pass_at = 0;  // the scaler's clock when the pass began
  double read_at = 0;  // Docker's, 0 when unknown
};

// The span two samples of a container cover: between Docker's reads when both have one, as a
// pass reads its containers over a second or so (when the daemon's stats collector next wakes),
// so that the span is the cgroup's and not the passes'; else between the passes.
double seconds_between(const cpu_sample& before, const cpu_sample& after);

// CPU use of a task over `seconds` (the sum of its containers' cpu time in that span) as a
// percentage of its reservation; memory use likewise.
double cpu_percent(double cpu_ns, double seconds, const reservation& r);
double memory_percent(double memory_bytes, const reservation& r);

// Application Auto Scaling's target tracking, evaluated as its two CloudWatch alarms would be:
// AlarmHigh after `out_periods` datapoints above the target, AlarmLow after `in_periods`
// datapoints below 90 % of it.
struct tracking_input {
  long capacity = 0;  // the service's desired count now
  long min_capacity = 0;
  long max_capacity = 0;
  double target = 0;
  std::vector<double> datapoints;  // oldest first, one per metric window
  int out_periods = 3;
  int in_periods = 15;
  double now = 0;
  double last_scale_out_at = 0;
  double last_scale_in_at = 0;
  double scale_out_cooldown = 300;
  double scale_in_cooldown = 300;
  bool disable_scale_in = false;
  bool scale_out_suspended = false;
  bool scale_in_suspended = false;
};

enum class direction { none, out, in };

struct tracking_decision {
  direction way = direction::none;
  long desired = 0;
  double metric = 0;  // the latest datapoint, which sized the change
};

// Scale out as soon as AlarmHigh fires and the scale-out cooldown has passed; scale in only when
// AlarmLow fires, scale-in is allowed and the scale-in cooldown has passed since the last scaling
// of either kind. The new capacity is ceil(capacity * metric / target) within min and max.
tracking_decision decide_tracking(const tracking_input& in);

// Several policies on one target: scale out if any wants to (to the largest capacity asked),
// scale in only if every policy that has data wants to (to the largest capacity they ask).
tracking_decision combine(const std::vector<tracking_decision>& decisions);

// A scheduled action's new min and max and the desired count clamped into them, as AWS does.
struct capacity_change {
  long min_capacity = 0;
  long max_capacity = 0;
  long desired = 0;
};
capacity_change apply_scheduled(long min_capacity, long max_capacity, long desired,
                                std::optional<long> new_min, std::optional<long> new_max);

// AWS's texts for scaling activities.
std::string desired_count_description(long desired);
std::string alarm_cause(const std::string& alarm_name, const std::string& policy_name);
std::string scheduled_description(std::optional<long> min, std::optional<long> max);
std::string scheduled_cause(const std::string& action_name);
std::string success_message(long desired);

}  // namespace minecs::scaling
