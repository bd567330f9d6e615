#include "minecs/store/task_definitions.hpp"

namespace minecs::store {

namespace {

constexpr const char* task_definition_columns =
    "region, family, revision, arn, status, body, registered_at, registered_by, "
    "deregistered_at, delete_requested_at";

task_definition_record read_task_definition(const statement& st) {
  task_definition_record td;
  td.region = st.text(0);
  td.family = st.text(1);
  td.revision = static_cast<long>(st.int64(2));
  td.arn = st.text(3);
  td.status = st.text(4);
  td.body = json::parse(st.text(5));
  td.registered_at = st.real(6);
  td.registered_by = st.text(7);
  td.deregistered_at = st.opt_real(8);
  td.delete_requested_at = st.opt_real(9);
  return td;
}

}  // namespace

std::optional<task_definition_record> find_task_definition(database& db, const std::string& region,
                                                           const std::string& family,
                                                           long revision) {
  auto st =
      db.prepare(std::string("SELECT ") + task_definition_columns +
                 " FROM task_definitions WHERE region = ?1 AND family = ?2 AND revision = ?3");
  st.bind(1, region).bind(2, family).bind(3, static_cast<std::int64_t>(revision));
  if (!st.step()) {
    return std::nullopt;
  }
  return read_task_definition(st);
}

std::optional<task_definition_record> find_latest_active_task_definition(
    database& db, const std::string& region, const std::string& family) {
  auto st = db.prepare(std::string("SELECT ") + task_definition_columns +
                       " FROM task_definitions WHERE region = ?1 AND family = ?2 AND "
                       "status = 'ACTIVE' ORDER BY revision DESC LIMIT 1");
  st.bind(1, region).bind(2, family);
  if (!st.step()) {
    return std::nullopt;
  }
  return read_task_definition(st);
}

long next_task_definition_revision(database& db, const std::string& region,
                                   const std::string& family) {
  auto st = db.prepare(
      "INSERT INTO task_definition_families (region, family, last_revision) VALUES (?1, ?2, 1) "
      "ON CONFLICT (region, family) DO UPDATE SET last_revision = last_revision + 1 "
      "RETURNING last_revision");
  st.bind(1, region).bind(2, family);
  st.step();
  auto rev = static_cast<long>(st.int64(0));
  st.run();
  return rev;
}

void save_task_definition(database& db, const task_definition_record& td) {
  auto st =
      db.prepare(std::string("INSERT OR REPLACE INTO task_definitions (") +
                 task_definition_columns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, td.region)
      .bind(2, td.family)
      .bind(3, static_cast<std::int64_t>(td.revision))
      .bind(4, td.arn)
      .bind(5, td.status)
      .bind(6, td.body.dump())
      .bind(7, td.registered_at)
      .bind(8, td.registered_by)
      .bind(9, td.deregistered_at)
      .bind(10, td.delete_requested_at);
  st.run();
}

void erase_task_definition(database& db, const std::string& region, const std::string& family,
                           long revision) {
  auto st = db.prepare(
      "DELETE FROM task_definitions WHERE region = ?1 AND family = ?2 AND revision = ?3");
  st.bind(1, region).bind(2, family).bind(3, static_cast<std::int64_t>(revision));
  st.run();
}

std::vector<task_definition_key> list_task_definitions(database& db,
                                                       const task_definition_query& q) {
  // (family, revision) order, both ascending or both descending, as ECS sorts; the cursor is the
  // last key returned.
  std::string sql =
      "SELECT family, revision FROM task_definitions WHERE region = ?1 "
      "AND (?2 = '' OR status = ?2) ";
  // substr, not LIKE: LIKE ignores case and treats % and _ in the user's prefix as wildcards.
  sql += q.exact_family ? "AND family = ?3 " : "AND substr(family, 1, length(?3)) = ?3 ";
  if (q.descending) {
    sql +=
        "AND (?4 IS NULL OR family < ?4 OR (family = ?4 AND revision < ?5)) "
        "ORDER BY family DESC, revision DESC LIMIT ?6";
  } else {
    sql +=
        "AND (?4 IS NULL OR family > ?4 OR (family = ?4 AND revision > ?5)) "
        "ORDER BY family ASC, revision ASC LIMIT ?6";
  }
  auto st = db.prepare(sql);
  st.bind(1, q.region).bind(2, q.status);
  st.bind(3, q.family_prefix);
  if (q.after) {
    st.bind(4, q.after->family).bind(5, static_cast<std::int64_t>(q.after->revision));
  } else {
    st.bind(4, nullptr).bind(5, nullptr);
  }
  st.bind(6, q.limit);
  std::vector<task_definition_key> out;
  while (st.step()) {
    out.push_back({st.text(0), static_cast<long>(st.int64(1))});
  }
  return out;
}

std::vector<std::string> list_task_definition_families(database& db, const std::string& region,
                                                       const std::string& family_prefix,
                                                       const std::string& status,
                                                       const std::string& after, int limit) {
  auto st = db.prepare(
      "SELECT DISTINCT family FROM task_definitions WHERE region = ?1 "
      "AND substr(family, 1, length(?3)) = ?3 AND family > ?4 AND (?2 = '' "
      // INACTIVE families are those left with no ACTIVE revision, as ECS defines them.
      "  OR (?2 = 'ACTIVE' AND status = 'ACTIVE') "
      "  OR (?2 = 'INACTIVE' AND family NOT IN (SELECT family FROM task_definitions "
      "      WHERE region = ?1 AND status = 'ACTIVE'))) "
      "ORDER BY family LIMIT ?5");
  st.bind(1, region).bind(2, status).bind(3, family_prefix).bind(4, after).bind(5, limit);
  std::vector<std::string> out;
  while (st.step()) {
    out.push_back(st.text(0));
  }
  return out;
}

}  // namespace minecs::store
