#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minecs/store/database.hpp"

namespace minecs::store {

// A CloudWatch Logs log group. Names are unique per region; `id` is the store's own key.
struct log_group {
  std::int64_t id = 0;
  std::string region;
  std::string name;
  std::int64_t created_ms = 0;
  std::optional<int> retention_days;  // absent: events never expire
  std::string log_group_class = "STANDARD";
  std::optional<std::string> kms_key_id;
  std::int64_t stored_bytes = 0;  // read-only: the sum over the group's streams
};

// Inside database::read()/write() only.
std::optional<log_group> find_log_group(database& db, const std::string& region,
                                        const std::string& name);
// False (and nothing written) when the region already has a group of that name; else sets g.id.
bool insert_log_group(database& db, log_group& g);
// Every group of a region, ordered by name (byte order, as CloudWatch Logs lists them).
std::vector<log_group> list_log_groups(database& db, const std::string& region);
void set_log_group_retention(database& db, std::int64_t group_id, std::optional<int> days);
// The group with its streams and events.
void delete_log_group(database& db, std::int64_t group_id);

}  // namespace minecs::store
