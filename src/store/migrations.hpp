#pragma once
#include <string>
#include <vector>

namespace minecs::store {

// Schema migrations in order; migration i brings the schema from version i to i + 1
// (PRAGMA user_version). Append only: a released step is never edited.
const std::vector<std::string>& migrations();

}  // namespace minecs::store
