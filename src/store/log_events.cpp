#include "minecs/store/log_events.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace minecs::store {

namespace {

constexpr const char* select_events =
    "SELECT e.id, e.stream_id, s.name, e.timestamp_ms, e.ingestion_ms, e.message "
    "FROM log_events e JOIN log_streams s ON s.id = e.stream_id ";

log_event read_log_event(const statement& st) {
  return {st.int64(0), st.int64(1), st.text(2), st.int64(3), st.int64(4), st.text(5)};
}

// Events of one stream or one group (`owner` is e.stream_id or e.group_id) inside the window,
// strictly after `from` in time order (ascending) or strictly before it (descending); ?6 is
// left for a LIMIT the caller binds.
statement window_query(database& db, const char* owner, std::int64_t owner_id,
                       const event_window& window, event_position from, bool ascending,
                       bool limited) {
  std::string sql = std::string(select_events) + "WHERE " + owner +
                    " = ?1 AND e.timestamp_ms >= ?2 AND e.timestamp_ms < ?3 "
                    "AND (e.timestamp_ms, e.id) " +
                    (ascending ? "> (?4, ?5) ORDER BY e.timestamp_ms, e.id"
                               : "< (?4, ?5) ORDER BY e.timestamp_ms DESC, e.id DESC") +
                    (limited ? " LIMIT ?6" : "");
  auto st = db.prepare(sql);
  st.bind(1, owner_id)
      .bind(2, window.start_ms)
      .bind(3, window.end_ms)
      .bind(4, from.timestamp_ms)
      .bind(5, from.id);
  return st;
}

std::vector<log_event> read_log_events(statement& st) {
  std::vector<log_event> out;
  while (st.step()) {
    out.push_back(read_log_event(st));
  }
  return out;
}

}  // namespace

std::int64_t insert_log_events(database& db, const log_stream& stream,
                               const std::vector<log_event_in>& events, std::int64_t now_ms) {
  if (events.empty()) {
    return stream.upload_sequence;
  }
  std::int64_t bytes = 0;
  auto first = stream.first_event_ms;
  auto last = stream.last_event_ms;
  for (const auto& e : events) {
    auto st = db.prepare(
        "INSERT INTO log_events (group_id, stream_id, timestamp_ms, ingestion_ms, message) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    st.bind(1, stream.group_id)
        .bind(2, stream.id)
        .bind(3, e.timestamp_ms)
        .bind(4, now_ms)
        .bind(5, e.message);
    st.run();
    bytes += static_cast<std::int64_t>(e.message.size());
    first = first ? std::min(*first, e.timestamp_ms) : e.timestamp_ms;
    last = last ? std::max(*last, e.timestamp_ms) : e.timestamp_ms;
  }
  auto sequence = stream.upload_sequence + 1;
  auto st = db.prepare(
      "UPDATE log_streams SET first_event_ms = ?2, last_event_ms = ?3, last_ingestion_ms = ?4, "
      "stored_bytes = stored_bytes + ?5, upload_sequence = ?6 WHERE id = ?1");
  st.bind(1, stream.id)
      .bind(2, first)
      .bind(3, last)
      .bind(4, now_ms)
      .bind(5, bytes)
      .bind(6, sequence);
  st.run();
  return sequence;
}

append_outcome append_log_events(database& db, const std::string& region, const std::string& group,
                                 const std::string& stream, const std::vector<log_event_in>& events,
                                 std::int64_t now_ms, bool create_group) {
  return db.write([&] {
    return append_log_events_in(db, region, group, stream, events, now_ms, create_group);
  });
}

append_outcome append_log_events_in(database& db, const std::string& region,
                                    const std::string& group, const std::string& stream,
                                    const std::vector<log_event_in>& events, std::int64_t now_ms,
                                    bool create_group) {
  auto g = find_log_group(db, region, group);
  if (!g) {
    if (!create_group) {
      return append_outcome::group_missing;
    }
    log_group fresh;
    fresh.region = region;
    fresh.name = group;
    fresh.created_ms = now_ms;
    insert_log_group(db, fresh);
    g = fresh;
  }
  auto s = find_log_stream(db, g->id, stream);
  if (!s) {
    log_stream fresh;
    fresh.group_id = g->id;
    fresh.name = stream;
    fresh.created_ms = now_ms;
    insert_log_stream(db, fresh);
    s = fresh;
  }
  insert_log_events(db, *s, events, now_ms);
  if (g->retention_days) {
    purge_log_events_before(db, g->id, now_ms - std::int64_t{*g->retention_days} * 86'400'000);
  }
  return append_outcome::appended;
}

std::vector<log_event> stream_events_after(database& db, std::int64_t stream_id,
                                           const event_window& window, event_position after,
                                           std::size_t limit) {
  auto st = window_query(db, "e.stream_id", stream_id, window, after, true, true);
  st.bind(6, static_cast<std::int64_t>(limit));
  return read_log_events(st);
}

std::vector<log_event> stream_events_before(database& db, std::int64_t stream_id,
                                            const event_window& window, event_position before,
                                            std::size_t limit) {
  auto st = window_query(db, "e.stream_id", stream_id, window, before, false, true);
  st.bind(6, static_cast<std::int64_t>(limit));
  auto out = read_log_events(st);
  std::reverse(out.begin(), out.end());
  return out;
}

void scan_group_events(database& db, std::int64_t group_id, const event_window& window,
                       event_position after, const std::function<bool(const log_event&)>& visit) {
  auto st = window_query(db, "e.group_id", group_id, window, after, true, false);
  while (st.step()) {
    if (!visit(read_log_event(st))) {
      return;
    }
  }
}

void purge_log_events_before(database& db, std::int64_t group_id, std::int64_t cutoff_ms) {
  std::map<std::int64_t, std::int64_t> bytes_by_stream;
  {
    auto st = db.prepare(
        "SELECT stream_id, SUM(length(CAST(message AS BLOB))) FROM log_events "
        "WHERE group_id = ?1 AND timestamp_ms < ?2 GROUP BY stream_id");
    st.bind(1, group_id).bind(2, cutoff_ms);
    while (st.step()) {
      bytes_by_stream[st.int64(0)] = st.int64(1);
    }
  }
  if (bytes_by_stream.empty()) {
    return;
  }
  for (const auto& [stream_id, bytes] : bytes_by_stream) {
    auto st =
        db.prepare("UPDATE log_streams SET stored_bytes = MAX(0, stored_bytes - ?2) WHERE id = ?1");
    st.bind(1, stream_id).bind(2, bytes);
    st.run();
  }
  auto st = db.prepare("DELETE FROM log_events WHERE group_id = ?1 AND timestamp_ms < ?2");
  st.bind(1, group_id).bind(2, cutoff_ms);
  st.run();
}

}  // namespace minecs::store
