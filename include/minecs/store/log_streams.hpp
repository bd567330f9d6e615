#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minecs/store/database.hpp"

namespace minecs::store {

struct log_stream {
  std::int64_t id = 0;
  std::int64_t group_id = 0;
  std::string name;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> first_event_ms;
  std::optional<std::int64_t> last_event_ms;
  std::optional<std::int64_t> last_ingestion_ms;
  std::int64_t stored_bytes = 0;     // UTF-8 bytes of the messages still kept
  std::int64_t upload_sequence = 0;  // bumped per append; the sequence token is made from it
};

// Inside database::read()/write() only.
std::optional<log_stream> find_log_stream(database& db, std::int64_t group_id,
                                          const std::string& name);
// False (and nothing written) when the group already has a stream of that name; else sets s.id.
bool insert_log_stream(database& db, log_stream& s);
// Every stream of a group, ordered by name.
std::vector<log_stream> list_log_streams(database& db, std::int64_t group_id);
// The stream and its events.
void delete_log_stream(database& db, std::int64_t stream_id);

}  // namespace minecs::store
