#pragma once
#include <cstddef>
#include <map>
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

// Every tag of the resources whose ARN starts with `arn_prefix` (EC2's DescribeTags lists a
// whole region's), ordered by ARN and then key.
struct arn_tag {
  std::string arn;
  std::string key;
  std::string value;
};
std::vector<arn_tag> tags_under(database& db, const std::string& arn_prefix);
// The same, each resource's tags in the order tags_of gives them.
std::map<std::string, std::vector<tag>, std::less<>> tags_of_each_under(
    database& db, const std::string& arn_prefix);

// The most tags one resource can have, in ECS and CloudWatch Logs alike.
inline constexpr std::size_t max_tags_per_resource = 50;
// Whether put_tags(db, arn, tags) would leave the resource with more than that (a key it has
// already is replaced, not added).
bool exceeds_tag_limit(database& db, const std::string& arn, const std::vector<tag>& tags);

}  // namespace minecs::store
