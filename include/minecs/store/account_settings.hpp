#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/store/database.hpp"

namespace minecs::store {

struct account_setting {
  std::string name;
  std::string value;
  std::string principal_arn;  // the account default is stored under the root principal
};

// Inside database::read()/write() only.
void put_account_setting(database& db, const std::string& region, const account_setting& s);
bool delete_account_setting(database& db, const std::string& region,
                            const std::string& principal_arn, const std::string& name);
std::vector<account_setting> account_settings_of(database& db, const std::string& region,
                                                 const std::string& principal_arn);

}  // namespace minecs::store
