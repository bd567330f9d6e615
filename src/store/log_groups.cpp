#include "minecs/store/log_groups.hpp"

namespace minecs::store {

namespace {

constexpr const char* select_groups =
    "SELECT g.id, g.region, g.name, g.created_ms, g.retention_days, g.log_group_class, "
    "g.kms_key_id, (SELECT COALESCE(SUM(s.stored_bytes), 0) FROM log_streams s "
    "WHERE s.group_id = g.id) FROM log_groups g ";

log_group read_log_group(const statement& st) {
  log_group g;
  g.id = st.int64(0);
  g.region = st.text(1);
  g.name = st.text(2);
  g.created_ms = st.int64(3);
  if (auto days = st.opt_int64(4)) {
    g.retention_days = static_cast<int>(*days);
  }
  g.log_group_class = st.text(5);
  g.kms_key_id = st.opt_text(6);
  g.stored_bytes = st.int64(7);
  return g;
}

}  // namespace

std::optional<log_group> find_log_group(database& db, const std::string& region,
                                        const std::string& name) {
  auto st = db.prepare(std::string(select_groups) + "WHERE g.region = ?1 AND g.name = ?2");
  st.bind(1, region).bind(2, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return read_log_group(st);
}

bool insert_log_group(database& db, log_group& g) {
  auto st = db.prepare(
      "INSERT INTO log_groups (region, name, created_ms, retention_days, log_group_class, "
      "kms_key_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (region, name) DO NOTHING");
  std::optional<std::int64_t> days;
  if (g.retention_days) {
    days = *g.retention_days;
  }
  st.bind(1, g.region)
      .bind(2, g.name)
      .bind(3, g.created_ms)
      .bind(4, days)
      .bind(5, g.log_group_class)
      .bind(6, g.kms_key_id);
  st.run();
  if (db.changed_rows() == 0) {
    return false;
  }
  g.id = db.last_insert_rowid();
  return true;
}

std::vector<log_group> list_log_groups(database& db, const std::string& region) {
  auto st = db.prepare(std::string(select_groups) + "WHERE g.region = ?1 ORDER BY g.name");
  st.bind(1, region);
  std::vector<log_group> out;
  while (st.step()) {
    out.push_back(read_log_group(st));
  }
  return out;
}

void set_log_group_retention(database& db, std::int64_t group_id, std::optional<int> days) {
  auto st = db.prepare("UPDATE log_groups SET retention_days = ?2 WHERE id = ?1");
  std::optional<std::int64_t> value;
  if (days) {
    value = *days;
  }
  st.bind(1, group_id).bind(2, value);
  st.run();
}

void delete_log_group(database& db, std::int64_t group_id) {
  for (const char* sql :
       {"DELETE FROM log_events WHERE group_id = ?1", "DELETE FROM log_streams WHERE group_id = ?1",
        "DELETE FROM log_groups WHERE id = ?1"}) {
    auto st = db.prepare(sql);
    st.bind(1, group_id);
    st.run();
  }
}

}  // namespace minecs::store
