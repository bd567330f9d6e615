#pragma once
#include <optional>
#include <string>

#include "minecs/store/database.hpp"

namespace minecs::store {

// Small facts about the data directory (key → text), e.g. "instance_id". Inside
// database::read()/write() only.
std::optional<std::string> get_meta(database& db, const std::string& key);
void put_meta(database& db, const std::string& key, const std::string& value);

}  // namespace minecs::store
