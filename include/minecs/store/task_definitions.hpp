#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

// A registered revision. `body` is the task definition as the user registered it, normalised
// (defaults filled in); it is a user document of a hundred optional fields that minecs passes on
// to Docker, so it is kept whole rather than split into columns nobody queries.
struct task_definition_record {
  std::string region;
  std::string family;
  long revision = 0;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE, INACTIVE, DELETE_IN_PROGRESS
  json body;
  double registered_at = 0;
  std::string registered_by;
  std::optional<double> deregistered_at;
  std::optional<double> delete_requested_at;
};

// Inside database::read()/write() only.
std::optional<task_definition_record> find_task_definition(database& db, const std::string& region,
                                                           const std::string& family,
                                                           long revision);
// The latest ACTIVE revision of a family.
std::optional<task_definition_record> find_latest_active_task_definition(database& db,
                                                                         const std::string& region,
                                                                         const std::string& family);
// Reserves the next revision number of a family; numbering never reuses a revision, even after
// deletion or a restart.
long next_task_definition_revision(database& db, const std::string& region,
                                   const std::string& family);
void save_task_definition(database& db, const task_definition_record& td);
void erase_task_definition(database& db, const std::string& region, const std::string& family,
                           long revision);

struct task_definition_key {
  std::string family;
  long revision = 0;
};
struct task_definition_query {
  std::string region;
  std::string family_prefix;  // exact family when `exact_family`
  bool exact_family = false;
  std::string status;  // ACTIVE, INACTIVE, DELETE_IN_PROGRESS; empty = any
  bool descending = false;
  std::optional<task_definition_key> after;
  int limit = 100;
};
std::vector<task_definition_key> list_task_definitions(database& db,
                                                       const task_definition_query& q);

// Families with at least one revision in `status` (empty: any), after `after`, sorted.
std::vector<std::string> list_task_definition_families(database& db, const std::string& region,
                                                       const std::string& family_prefix,
                                                       const std::string& status,
                                                       const std::string& after, int limit);

}  // namespace minecs::store
