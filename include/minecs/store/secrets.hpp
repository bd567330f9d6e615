#pragma once
// Secrets Manager's secrets as typed records: one row per secret, with its versions and the
// staging labels each carries.
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

struct secret_version {
  std::string id;
  // A version holds a string, a binary (base64, as the wire carries it), or neither (CreateSecret
  // without a value makes no version at all, so only a restored record could).
  bool has_string = false;
  std::string secret_string;
  bool has_binary = false;
  std::string secret_binary;
  std::vector<std::string> stages;  // AWSCURRENT, AWSPREVIOUS, AWSPENDING, custom
  double created = 0;
  double last_accessed = 0;
};

struct secret_record {
  std::string region;
  std::string name;
  std::string arn;  // arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 chars>
  std::string description;
  std::string kms_key_id;
  double created = 0;
  double last_changed = 0;
  double last_accessed = 0;
  double deleted = 0;        // when DeleteSecret was asked; 0: not scheduled for deletion
  double deletion_date = 0;  // when it goes for good
  std::vector<secret_version> versions;  // oldest first
  std::string resource_policy;           // as PutResourcePolicy gave it; empty: none
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(secret_version, id, has_string, secret_string,
                                                has_binary, secret_binary, stages, created,
                                                last_accessed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(secret_record, region, name, arn, description,
                                                kms_key_id, created, last_changed, last_accessed,
                                                deleted, deletion_date, versions, resource_policy)

// Inside database::read()/write() only.
std::optional<secret_record> find_secret_by_name(database& db, const std::string& region,
                                                 const std::string& name);
std::optional<secret_record> find_secret_by_arn(database& db, const std::string& arn);
// Every secret of a region, ordered by name.
std::vector<secret_record> list_secrets(database& db, const std::string& region);
// Inserts or replaces the secret's row.
void put_secret(database& db, const secret_record& s);
void delete_secret(database& db, const std::string& arn);

}  // namespace minecs::store
