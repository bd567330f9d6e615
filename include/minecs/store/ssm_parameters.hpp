#pragma once
// SSM Parameter Store's parameters as typed records: one row per parameter, holding every version
// it keeps (at most 100), so that a read of any selector is one row.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

struct ssm_parameter_version {
  std::int64_t version = 0;
  std::string value;
  std::string type;  // String, StringList, SecureString
  std::string description;
  std::string allowed_pattern;
  std::string tier = "Standard";
  std::string data_type = "text";
  std::string key_id;  // SecureString only
  std::vector<std::string> labels;
  double modified = 0;  // seconds since the epoch
};

struct ssm_parameter {
  std::string region;
  std::string name;
  std::vector<ssm_parameter_version> versions;  // oldest first; never empty
  const ssm_parameter_version& latest() const { return versions.back(); }
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ssm_parameter_version, version, value, type,
                                                description, allowed_pattern, tier, data_type,
                                                key_id, labels, modified)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ssm_parameter, region, name, versions)

// Inside database::read()/write() only.
std::optional<ssm_parameter> find_ssm_parameter(database& db, const std::string& region,
                                                const std::string& name);
// Every parameter of a region, ordered by name (byte order).
std::vector<ssm_parameter> list_ssm_parameters(database& db, const std::string& region);
// Inserts or replaces the parameter's row.
void put_ssm_parameter(database& db, const ssm_parameter& p);
// False when there was none.
bool delete_ssm_parameter(database& db, const std::string& region, const std::string& name);

}  // namespace minecs::store
