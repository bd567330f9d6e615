#include "minecs/store/log_captures.hpp"

namespace minecs::store {

namespace {

constexpr const char* select_captures =
    "SELECT container_id, task_arn, region, group_name, stream_name, create_group, cursor_ns, "
    "cursor_count FROM log_captures ";

log_capture read_log_capture(const statement& st) {
  log_capture c;
  c.container_id = st.text(0);
  c.task_arn = st.text(1);
  c.region = st.text(2);
  c.group = st.text(3);
  c.stream = st.text(4);
  c.create_group = st.int64(5) != 0;
  c.cursor_ns = st.int64(6);
  c.cursor_count = st.int64(7);
  return c;
}

}  // namespace

std::optional<log_capture> find_log_capture(database& db, const std::string& container_id) {
  auto st = db.prepare(std::string(select_captures) + "WHERE container_id = ?1");
  st.bind(1, container_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return read_log_capture(st);
}

std::vector<log_capture> list_log_captures(database& db) {
  auto st = db.prepare(std::string(select_captures) + "ORDER BY container_id");
  std::vector<log_capture> out;
  while (st.step()) {
    out.push_back(read_log_capture(st));
  }
  return out;
}

append_outcome open_log_capture(database& db, const log_capture& capture, std::int64_t now_ms) {
  auto outcome = append_log_events_in(db, capture.region, capture.group, capture.stream, {}, now_ms,
                                      capture.create_group);
  if (outcome == append_outcome::group_missing) {
    return outcome;
  }
  auto st = db.prepare(
      "INSERT INTO log_captures (container_id, task_arn, region, group_name, stream_name, "
      "create_group, cursor_ns, cursor_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
      "ON CONFLICT (container_id) DO NOTHING");
  st.bind(1, capture.container_id)
      .bind(2, capture.task_arn)
      .bind(3, capture.region)
      .bind(4, capture.group)
      .bind(5, capture.stream)
      .bind(6, capture.create_group ? 1 : 0)
      .bind(7, capture.cursor_ns)
      .bind(8, capture.cursor_count);
  st.run();
  return outcome;
}

std::vector<append_outcome> store_captured(database& db, const std::vector<captured_batch>& batches,
                                           std::int64_t now_ms) {
  return db.write([&] {
    std::vector<append_outcome> out;
    for (const auto& b : batches) {
      auto capture = find_log_capture(db, b.container_id);
      if (!capture) {
        out.push_back(append_outcome::appended);
        continue;
      }
      out.push_back(append_log_events_in(db, capture->region, capture->group, capture->stream,
                                         b.events, now_ms, capture->create_group));
      if (b.finished) {
        auto st = db.prepare("DELETE FROM log_captures WHERE container_id = ?1");
        st.bind(1, b.container_id);
        st.run();
      } else {
        auto st = db.prepare(
            "UPDATE log_captures SET cursor_ns = ?2, cursor_count = ?3 WHERE container_id = ?1");
        st.bind(1, b.container_id).bind(2, b.cursor_ns).bind(3, b.cursor_count);
        st.run();
      }
    }
    return out;
  });
}

}  // namespace minecs::store
