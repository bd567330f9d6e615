#pragma once
// The availability zones of a region: <region>a, b and c, with zone ids such as use1-az1 (the
// region's short code, then az1, az2, az3).
#include <optional>
#include <string>
#include <vector>

namespace minecs::ec2 {

struct zone {
  std::string name;  // us-east-1a
  std::string id;    // use1-az1
};

std::vector<zone> zones_of(const std::string& region);
// "us-east-1" -> "use1", "ap-southeast-2" -> "apse2", "us-gov-west-1" -> "usgw1".
std::string region_code(const std::string& region);
// The zone a name or an id denotes, when the region has it.
std::optional<zone> find_zone(const std::string& region, const std::string& name_or_id);

}  // namespace minecs::ec2
