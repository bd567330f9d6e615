#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/arn.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/tasks.hpp"

// Task scale-in protection: a service task that the service scheduler must not stop when it
// scales in or replaces tasks in a deployment, until the protection is cleared or expires.
// Shared by UpdateTaskProtection/GetTaskProtection and the agent's task-protection endpoint.
namespace minecs::task {

// ECS's expiresInMinutes: 1 to 2880 (48 hours), 120 when omitted.
inline constexpr long long protection_min_minutes = 1;
inline constexpr long long protection_max_minutes = 2880;
inline constexpr long long protection_default_minutes = 120;

// One ProtectedTask of the API.
struct protected_task {
  std::string task_arn;
  bool enabled = false;
  double expiration_date = 0;  // epoch seconds; 0 when not protected (omitted on the wire)
};

// One Failure of the API: MISSING (no such task in the cluster) or TASK_NOT_VALID (a task that
// belongs to no service).
struct protection_failure {
  std::string arn;
  std::string reason;
};

struct protection_result {
  std::vector<protected_task> tasks;
  std::vector<protection_failure> failures;
};

// Whether the protection holds at `now`: enabled and not yet expired.
bool is_protected(const store::task_record& t, double now);

// The protection as GetTaskProtection reports it at `now`: an expired one reads as disabled.
protected_task protection_of(const store::task_record& t, double now);

// Throws InvalidParameterException unless 1 <= minutes <= 2880.
void validate_expires_in_minutes(long long minutes);

// Protects the task for `minutes` (default 120) from `now`, replacing any earlier expiry, or
// clears its protection. Validates `minutes` first, so a bad value changes nothing.
void set_protection(store::task_record& t, bool enabled, std::optional<long long> minutes,
                    double now);

// UpdateTaskProtection on tasks of `cluster` named by id or ARN. Inside database::write().
// Validates everything before it writes anything.
protection_result update_task_protection(store::database& db, const scope& where,
                                         const store::cluster_record& cluster,
                                         const std::vector<std::string>& refs, bool enabled,
                                         std::optional<long long> expires_in_minutes, double now);

// GetTaskProtection. Inside database::read().
protection_result get_task_protection(store::database& db, const scope& where,
                                      const store::cluster_record& cluster,
                                      const std::vector<std::string>& refs, double now);

}  // namespace minecs::task
