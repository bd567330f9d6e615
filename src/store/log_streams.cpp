#include "minecs/store/log_streams.hpp"

namespace minecs::store {

namespace {

constexpr const char* select_streams =
    "SELECT id, group_id, name, created_ms, first_event_ms, last_event_ms, last_ingestion_ms, "
    "stored_bytes, upload_sequence FROM log_streams ";

log_stream read_log_stream(const statement& st) {
  log_stream s;
  s.id = st.int64(0);
  s.group_id = st.int64(1);
  s.name = st.text(2);
  s.created_ms = st.int64(3);
  s.first_event_ms = st.opt_int64(4);
  s.last_event_ms = st.opt_int64(5);
  s.last_ingestion_ms = st.opt_int64(6);
  s.stored_bytes = st.int64(7);
  s.upload_sequence = st.int64(8);
  return s;
}

}  // namespace

std::optional<log_stream> find_log_stream(database& db, std::int64_t group_id,
                                          const std::string& name) {
  auto st = db.prepare(std::string(select_streams) + "WHERE group_id = ?1 AND name = ?2");
  st.bind(1, group_id).bind(2, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return read_log_stream(st);
}

bool insert_log_stream(database& db, log_stream& s) {
  auto st = db.prepare(
      "INSERT INTO log_streams (group_id, name, created_ms, stored_bytes, upload_sequence) "
      "VALUES (?1, ?2, ?3, 0, 0) ON CONFLICT (group_id, name) DO NOTHING");
  st.bind(1, s.group_id).bind(2, s.name).bind(3, s.created_ms);
  st.run();
  if (db.changed_rows() == 0) {
    return false;
  }
  s.id = db.last_insert_rowid();
  return true;
}

std::vector<log_stream> list_log_streams(database& db, std::int64_t group_id) {
  auto st = db.prepare(std::string(select_streams) + "WHERE group_id = ?1 ORDER BY name");
  st.bind(1, group_id);
  std::vector<log_stream> out;
  while (st.step()) {
    out.push_back(read_log_stream(st));
  }
  return out;
}

void delete_log_stream(database& db, std::int64_t stream_id) {
  for (const char* sql :
       {"DELETE FROM log_events WHERE stream_id = ?1", "DELETE FROM log_streams WHERE id = ?1"}) {
    auto st = db.prepare(sql);
    st.bind(1, stream_id);
    st.run();
  }
}

}  // namespace minecs::store
