#pragma once
#include <string>
#include <vector>

#include "minecs/store/database.hpp"

namespace minecs::store {

struct tag {
  std::string key;
  std::string value;
};

// Tags of any resource, keyed by its ARN. Inside database::read()/write() only.
std::vector<tag> tags_of(database& db, const std::string& arn);
void put_tags(database& db, const std::string& arn, const std::vector<tag>& tags);
void remove_tags(database& db, const std::string& arn, const std::vector<std::string>& keys);
void drop_tags(database& db, const std::string& arn);

}  // namespace minecs::store
