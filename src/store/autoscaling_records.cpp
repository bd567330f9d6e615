#include "minecs/store/autoscaling_records.hpp"

namespace minecs::store {

namespace {

// The kinds of rows of autoscaling_objects.
constexpr const char* target_kind = "target";
constexpr const char* policy_kind = "policy";
constexpr const char* action_kind = "scheduled";

template <typename T>
std::optional<T> find_object(database& db, const char* kind, const std::string& region,
                             const std::string& resource_id, const std::string& name) {
  auto st = db.prepare(
      "SELECT doc FROM autoscaling_objects WHERE kind = ?1 AND region = ?2 AND resource_id = ?3 "
      "AND name = ?4");
  st.bind(1, kind).bind(2, region).bind(3, resource_id).bind(4, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0)).get<T>();
}

template <typename T>
std::vector<T> list_objects(database& db, const char* kind, const std::string& region,
                            const std::string& resource_id) {
  auto st = db.prepare(
      "SELECT doc FROM autoscaling_objects WHERE kind = ?1 AND (?2 = '' OR region = ?2) AND "
      "(?3 = '' OR resource_id = ?3) ORDER BY region, resource_id, name");
  st.bind(1, kind).bind(2, region).bind(3, resource_id);
  std::vector<T> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)).get<T>());
  }
  return out;
}

void put_object(database& db, const char* kind, const std::string& region,
                const std::string& resource_id, const std::string& name, const json& doc) {
  auto st = db.prepare(
      "INSERT INTO autoscaling_objects (kind, region, resource_id, name, doc) VALUES "
      "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (kind, region, resource_id, name) DO UPDATE SET "
      "doc = excluded.doc");
  st.bind(1, kind).bind(2, region).bind(3, resource_id).bind(4, name).bind(5, doc.dump());
  st.run();
}

bool delete_object(database& db, const char* kind, const std::string& region,
                   const std::string& resource_id, const std::string& name) {
  auto st = db.prepare(
      "DELETE FROM autoscaling_objects WHERE kind = ?1 AND region = ?2 AND resource_id = ?3 AND "
      "name = ?4");
  st.bind(1, kind).bind(2, region).bind(3, resource_id).bind(4, name);
  st.run();
  return db.changed_rows() > 0;
}

}  // namespace

void to_json(json& j, const scheduled_action& a) {
  j = json{{"region", a.region},
           {"resource_id", a.resource_id},
           {"name", a.name},
           {"arn", a.arn},
           {"schedule", a.schedule},
           {"timezone", a.timezone},
           {"start_time", a.start_time},
           {"end_time", a.end_time},
           {"created_at", a.created_at},
           {"last_run_at", a.last_run_at}};
  if (a.min_capacity) {
    j["min_capacity"] = *a.min_capacity;
  }
  if (a.max_capacity) {
    j["max_capacity"] = *a.max_capacity;
  }
}

void from_json(const json& j, scheduled_action& a) {
  a.region = j.value("region", "");
  a.resource_id = j.value("resource_id", "");
  a.name = j.value("name", "");
  a.arn = j.value("arn", "");
  a.schedule = j.value("schedule", "");
  a.timezone = j.value("timezone", "");
  a.start_time = j.value("start_time", 0.0);
  a.end_time = j.value("end_time", 0.0);
  a.created_at = j.value("created_at", 0.0);
  a.last_run_at = j.value("last_run_at", 0.0);
  if (j.contains("min_capacity")) {
    a.min_capacity = j.at("min_capacity").get<long>();
  }
  if (j.contains("max_capacity")) {
    a.max_capacity = j.at("max_capacity").get<long>();
  }
}

std::optional<scalable_target> find_scalable_target(database& db, const std::string& region,
                                                    const std::string& resource_id) {
  return find_object<scalable_target>(db, target_kind, region, resource_id, "");
}

std::vector<scalable_target> list_scalable_targets(database& db, const std::string& region) {
  return list_objects<scalable_target>(db, target_kind, region, "");
}

void put_scalable_target(database& db, const scalable_target& t) {
  put_object(db, target_kind, t.region, t.resource_id, "", json(t));
}

bool delete_scalable_target(database& db, const std::string& region,
                            const std::string& resource_id) {
  auto st = db.prepare("DELETE FROM autoscaling_objects WHERE region = ?1 AND resource_id = ?2");
  st.bind(1, region).bind(2, resource_id);
  st.run();
  return db.changed_rows() > 0;
}

std::optional<scaling_policy> find_scaling_policy(database& db, const std::string& region,
                                                  const std::string& resource_id,
                                                  const std::string& name) {
  return find_object<scaling_policy>(db, policy_kind, region, resource_id, name);
}

std::vector<scaling_policy> list_scaling_policies(database& db, const std::string& region,
                                                  const std::string& resource_id) {
  return list_objects<scaling_policy>(db, policy_kind, region, resource_id);
}

void put_scaling_policy(database& db, const scaling_policy& p) {
  put_object(db, policy_kind, p.region, p.resource_id, p.name, json(p));
}

bool delete_scaling_policy(database& db, const std::string& region, const std::string& resource_id,
                           const std::string& name) {
  return delete_object(db, policy_kind, region, resource_id, name);
}

std::optional<scheduled_action> find_scheduled_action(database& db, const std::string& region,
                                                      const std::string& resource_id,
                                                      const std::string& name) {
  return find_object<scheduled_action>(db, action_kind, region, resource_id, name);
}

std::vector<scheduled_action> list_scheduled_actions(database& db, const std::string& region,
                                                     const std::string& resource_id) {
  return list_objects<scheduled_action>(db, action_kind, region, resource_id);
}

void put_scheduled_action(database& db, const scheduled_action& a) {
  put_object(db, action_kind, a.region, a.resource_id, a.name, json(a));
}

bool delete_scheduled_action(database& db, const std::string& region,
                             const std::string& resource_id, const std::string& name) {
  return delete_object(db, action_kind, region, resource_id, name);
}

void add_scaling_activity(database& db, const scaling_activity& a) {
  auto st = db.prepare(
      "INSERT INTO autoscaling_activities (region, activity_id, resource_id, start_time, doc) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  st.bind(1, a.region).bind(2, a.activity_id).bind(3, a.resource_id).bind(4, a.start_time);
  st.bind(5, json(a).dump());
  st.run();
}

std::vector<scaling_activity> list_scaling_activities(database& db, const std::string& region,
                                                      const std::string& resource_id) {
  auto st = db.prepare(
      "SELECT doc FROM autoscaling_activities WHERE region = ?1 AND (?2 = '' OR resource_id = "
      "?2) ORDER BY start_time DESC, rowid DESC");
  st.bind(1, region).bind(2, resource_id);
  std::vector<scaling_activity> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)).get<scaling_activity>());
  }
  return out;
}

}  // namespace minecs::store
