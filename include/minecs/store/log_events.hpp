#pragma once
#include <compare>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "minecs/store/database.hpp"
#include "minecs/store/log_groups.hpp"
#include "minecs/store/log_streams.hpp"

namespace minecs::store {

struct log_event_in {
  std::int64_t timestamp_ms = 0;
  std::string message;
};

struct log_event {
  std::int64_t id = 0;  // grows with every event ever stored, never reused
  std::int64_t stream_id = 0;
  std::string stream_name;
  std::int64_t timestamp_ms = 0;
  std::int64_t ingestion_ms = 0;
  std::string message;
};

// Where an event sits in a stream or group: events are read in (timestamp, id) order, which is
// timestamp order with ties broken by arrival, as CloudWatch Logs returns them.
struct event_position {
  std::int64_t timestamp_ms = 0;
  std::int64_t id = 0;
  auto operator<=>(const event_position&) const = default;
  static constexpr event_position first() { return {0, 0}; }
  static constexpr event_position last() {
    return {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max()};
  }
};
inline event_position position_of(const log_event& e) {
  return {e.timestamp_ms, e.id};
}

// The timestamps a read may return: [start_ms, end_ms). Retention is applied by raising start_ms.
struct event_window {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = std::numeric_limits<std::int64_t>::max();
};

// Inside database::write() only. Stores events in a known stream as they are (no ordering or
// age rules: those belong to PutLogEvents) with ingestion time now_ms, and updates the stream's
// first/last event times, stored bytes and upload sequence. Returns the new upload sequence.
std::int64_t insert_log_events(database& db, const log_stream& stream,
                               const std::vector<log_event_in>& events, std::int64_t now_ms);

// For producers inside minecs (the awslogs driver): appends to group/stream of a region in one
// write transaction of its own, creating the stream on demand, and the group too when
// create_group is set (awslogs-create-group). A missing group otherwise appends nothing and
// answers group_missing, so that the caller can stop the task as ECS does.
enum class append_outcome { appended, group_missing };
append_outcome append_log_events(database& db, const std::string& region, const std::string& group,
                                 const std::string& stream, const std::vector<log_event_in>& events,
                                 std::int64_t now_ms, bool create_group = false);
// The same inside a database::write() of the caller's, so that more can go in its transaction.
append_outcome append_log_events_in(database& db, const std::string& region,
                                    const std::string& group, const std::string& stream,
                                    const std::vector<log_event_in>& events, std::int64_t now_ms,
                                    bool create_group = false);

// Inside database::read()/write() only. Events of one stream inside `window`, in ascending
// order: the first `limit` after `after`, or the last `limit` before `before`.
std::vector<log_event> stream_events_after(database& db, std::int64_t stream_id,
                                           const event_window& window, event_position after,
                                           std::size_t limit);
std::vector<log_event> stream_events_before(database& db, std::int64_t stream_id,
                                            const event_window& window, event_position before,
                                            std::size_t limit);

// Visits the events of a whole group inside `window` after `after`, in ascending order, until
// visit returns false.
void scan_group_events(database& db, std::int64_t group_id, const event_window& window,
                       event_position after, const std::function<bool(const log_event&)>& visit);

// Deletes the group's events older than cutoff_ms (retention) and takes their bytes off the
// streams' stored bytes.
void purge_log_events_before(database& db, std::int64_t group_id, std::int64_t cutoff_ms);

}  // namespace minecs::store
