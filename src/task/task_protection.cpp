#include "minecs/task/task_protection.hpp"

#include "minecs/core/service_error.hpp"

namespace minecs::task {

namespace {

// A task named by the user, or why it cannot be: the failure ECS reports in its place.
struct lookup {
  std::optional<store::task_record> task;
  std::optional<protection_failure> failure;
};

lookup find(store::database& db, const scope& where, const store::cluster_record& cluster,
            const std::string& ref) {
  auto task = store::find_task_in_cluster(db, cluster.arn, ref);
  if (!task) {
    auto arn = arn_of_reference(where, cluster.name, ref, task_arn);
    return {std::nullopt, protection_failure{arn, "MISSING"}};
  }
  // Only a service's scheduler ever scales in, so only its tasks can be protected.
  if (task->service_name.empty()) {
    return {std::nullopt, protection_failure{task->arn, "TASK_NOT_VALID"}};
  }
  return {std::move(task), std::nullopt};
}

}  // namespace

bool is_protected(const store::task_record& t, double now) {
  return t.protection_enabled && now < t.protection_expires_at;
}

protected_task protection_of(const store::task_record& t, double now) {
  protected_task out;
  out.task_arn = t.arn;
  if (is_protected(t, now)) {
    out.enabled = true;
    out.expiration_date = t.protection_expires_at;
  }
  return out;
}

void validate_expires_in_minutes(long long minutes) {
  if (minutes < protection_min_minutes || minutes > protection_max_minutes) {
    throw invalid_parameter("expiresInMinutes must be between " +
                            std::to_string(protection_min_minutes) + " and " +
                            std::to_string(protection_max_minutes) + ".");
  }
}

void set_protection(store::task_record& t, bool enabled, std::optional<long long> minutes,
                    double now) {
  if (minutes) {
    validate_expires_in_minutes(*minutes);
  }
  if (!enabled) {
    t.protection_enabled = false;
    t.protection_expires_at = 0;
    return;
  }
  t.protection_enabled = true;
  t.protection_expires_at =
      now + 60.0 * static_cast<double>(minutes.value_or(protection_default_minutes));
}

protection_result update_task_protection(store::database& db, const scope& where,
                                         const store::cluster_record& cluster,
                                         const std::vector<std::string>& refs, bool enabled,
                                         std::optional<long long> expires_in_minutes, double now) {
  if (expires_in_minutes) {
    validate_expires_in_minutes(*expires_in_minutes);
  }
  protection_result out;
  for (const auto& ref : refs) {
    auto found = find(db, where, cluster, ref);
    if (found.failure) {
      out.failures.push_back(*found.failure);
      continue;
    }
    auto& t = *found.task;
    set_protection(t, enabled, expires_in_minutes, now);
    store::save_task(db, t);
    out.tasks.push_back(protection_of(t, now));
  }
  return out;
}

protection_result get_task_protection(store::database& db, const scope& where,
                                      const store::cluster_record& cluster,
                                      const std::vector<std::string>& refs, double now) {
  protection_result out;
  for (const auto& ref : refs) {
    auto found = find(db, where, cluster, ref);
    if (found.failure) {
      out.failures.push_back(*found.failure);
      continue;
    }
    out.tasks.push_back(protection_of(*found.task, now));
  }
  return out;
}

}  // namespace minecs::task
