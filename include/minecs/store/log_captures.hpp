#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minecs/store/database.hpp"
#include "minecs/store/log_events.hpp"

namespace minecs::store {

// A container whose stdout/stderr the awslogs capture copies into a log stream. The row lives
// from just before the container starts until its log has been read to the end; the cursor is
// the last Docker log message already stored: its timestamp (ns) and how many messages with
// exactly that timestamp were consumed, since Docker's `since` includes the timestamp itself.
struct log_capture {
  std::string container_id;
  std::string task_arn;
  std::string region;
  std::string group;
  std::string stream;
  bool create_group = false;
  std::int64_t cursor_ns = 0;
  std::int64_t cursor_count = 0;
};

// Inside database::read()/write() only.
std::optional<log_capture> find_log_capture(database& db, const std::string& container_id);
std::vector<log_capture> list_log_captures(database& db);

// Inside database::write() only. Makes the stream (and, with create_group, the group) exist and
// records the capture, keeping the cursor of an existing row. Writes nothing and answers
// group_missing when the group is missing and may not be created.
append_outcome open_log_capture(database& db, const log_capture& capture, std::int64_t now_ms);

// What one capture read since its last flush.
struct captured_batch {
  std::string container_id;
  std::vector<log_event_in> events;
  std::int64_t cursor_ns = 0;
  std::int64_t cursor_count = 0;
  bool finished = false;  // the log ended: the capture row goes
};

// One write transaction: each batch's events go to its capture's stream and its cursor moves
// with them, so that a crash leaves either both or neither. A batch whose group is gone (and may
// not be created) has its events dropped, as the awslogs driver drops what it cannot put, and
// answers group_missing. Batches of captures that no longer exist are ignored (a reset).
std::vector<append_outcome> store_captured(database& db, const std::vector<captured_batch>& batches,
                                           std::int64_t now_ms);

}  // namespace minecs::store
