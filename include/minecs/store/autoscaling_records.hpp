#pragma once
// Application Auto Scaling's records (ECS services only): scalable targets, their scaling
// policies and scheduled actions, and the scaling activities done on them. One row each under
// (region, resource id[, name]).
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

struct scalable_target {
  std::string region;
  std::string resource_id;  // service/<cluster>/<service>
  std::string arn;          // arn:aws:application-autoscaling:...:scalable-target/<id>
  std::string service_arn;  // the ECS service it scales
  long min_capacity = 0;
  long max_capacity = 0;
  std::string role_arn;
  bool suspend_dynamic_in = false;
  bool suspend_dynamic_out = false;
  bool suspend_scheduled = false;
  double created_at = 0;
  // The scaler's bookkeeping: when each kind of policy scaling last happened (cooldowns).
  double last_scale_out_at = 0;
  double last_scale_in_at = 0;
};

enum class predefined_metric { none, cpu, memory, alb_requests };

struct scaling_policy {
  std::string region;
  std::string resource_id;
  std::string name;
  std::string arn;
  std::string alarm_id;       // the uuid in the names of the alarms target tracking creates
  bool step_scaling = false;  // else TargetTrackingScaling
  // Target tracking, as the scaler reads it.
  double target_value = 0;
  predefined_metric metric = predefined_metric::none;  // none: a customized metric
  std::string resource_label;  // ALBRequestCountPerTarget's app/<lb>/<id>/targetgroup/<tg>/<id>
  long scale_out_cooldown = 300;
  long scale_in_cooldown = 300;
  bool disable_scale_in = false;
  // The configuration as given, which DescribeScalingPolicies echoes.
  json configuration = json::object();
  double created_at = 0;
};

struct scheduled_action {
  std::string region;
  std::string resource_id;
  std::string name;
  std::string arn;
  std::string schedule;
  std::string timezone;   // empty: UTC
  double start_time = 0;  // 0: none
  double end_time = 0;    // 0: none
  std::optional<long> min_capacity;
  std::optional<long> max_capacity;
  double created_at = 0;
  double last_run_at = 0;  // the scheduled time of the last run (0: never ran)
};

enum class activity_status { pending, in_progress, successful, overridden, unfulfilled, failed };

struct scaling_activity {
  std::string region;
  std::string activity_id;
  std::string resource_id;
  std::string description;
  std::string cause;
  double start_time = 0;
  double end_time = 0;
  activity_status status = activity_status::successful;
  std::string status_message;
};

NLOHMANN_JSON_SERIALIZE_ENUM(predefined_metric, {{predefined_metric::none, "none"},
                                                 {predefined_metric::cpu, "cpu"},
                                                 {predefined_metric::memory, "memory"},
                                                 {predefined_metric::alb_requests, "alb"}})
NLOHMANN_JSON_SERIALIZE_ENUM(activity_status, {{activity_status::pending, "Pending"},
                                               {activity_status::in_progress, "InProgress"},
                                               {activity_status::successful, "Successful"},
                                               {activity_status::overridden, "Overridden"},
                                               {activity_status::unfulfilled, "Unfulfilled"},
                                               {activity_status::failed, "Failed"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(scalable_target, region, resource_id, arn,
                                                service_arn, min_capacity, max_capacity, role_arn,
                                                suspend_dynamic_in, suspend_dynamic_out,
                                                suspend_scheduled, created_at, last_scale_out_at,
                                                last_scale_in_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(scaling_policy, region, resource_id, name, arn,
                                                alarm_id, step_scaling, target_value, metric,
                                                resource_label, scale_out_cooldown,
                                                scale_in_cooldown, disable_scale_in, configuration,
                                                created_at)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(scaling_activity, region, activity_id, resource_id,
                                                description, cause, start_time, end_time, status,
                                                status_message)
void to_json(json& j, const scheduled_action& a);
void from_json(const json& j, scheduled_action& a);

// Inside database::read()/write() only. Lists are ordered by resource id, then name.
std::optional<scalable_target> find_scalable_target(database& db, const std::string& region,
                                                    const std::string& resource_id);
// Every region's targets (the scaler's work list) when `region` is empty.
std::vector<scalable_target> list_scalable_targets(database& db, const std::string& region);
void put_scalable_target(database& db, const scalable_target& t);
// Removes the target with its policies and scheduled actions; false when there was none.
bool delete_scalable_target(database& db, const std::string& region,
                            const std::string& resource_id);

std::optional<scaling_policy> find_scaling_policy(database& db, const std::string& region,
                                                  const std::string& resource_id,
                                                  const std::string& name);
// A region's policies; of one resource when `resource_id` is not empty.
std::vector<scaling_policy> list_scaling_policies(database& db, const std::string& region,
                                                  const std::string& resource_id = {});
void put_scaling_policy(database& db, const scaling_policy& p);
bool delete_scaling_policy(database& db, const std::string& region, const std::string& resource_id,
                           const std::string& name);

std::optional<scheduled_action> find_scheduled_action(database& db, const std::string& region,
                                                      const std::string& resource_id,
                                                      const std::string& name);
std::vector<scheduled_action> list_scheduled_actions(database& db, const std::string& region,
                                                     const std::string& resource_id = {});
void put_scheduled_action(database& db, const scheduled_action& a);
bool delete_scheduled_action(database& db, const std::string& region,
                             const std::string& resource_id, const std::string& name);

void add_scaling_activity(database& db, const scaling_activity& a);
// Newest first; of one resource when `resource_id` is not empty.
std::vector<scaling_activity> list_scaling_activities(database& db, const std::string& region,
                                                      const std::string& resource_id = {});

}  // namespace minecs::store
