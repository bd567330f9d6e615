#pragma once
// IAM's entities (roles, customer managed policies, instance profiles) and the temporary keys STS
// issued, as typed records. IAM is global: no region. Each entity is one row of iam_entities (its
// document under its kind and its key), read and written only through the templates below.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

struct iam_tag {
  std::string key;
  std::string value;
};

struct iam_inline_policy {
  std::string name;
  std::string document;  // as given (IAM returns it URL-encoded)
};

// IAM's names are unique without regard to case ("Role names are not distinguished by case"):
// an entity's key is its name in lower case.
std::string iam_key(std::string_view name);

struct iam_role {
  static constexpr std::string_view kind = "role";
  std::string name;
  std::string path = "/";
  std::string id;  // AROA...
  std::string description;
  std::string assume_role_policy;
  int max_session_duration = 3600;
  double created = 0;
  std::vector<iam_tag> tags;
  std::vector<iam_inline_policy> inline_policies;  // in the order they were put
  std::vector<std::string> attached_policies;      // managed policy ARNs, in attachment order
  std::string key() const { return iam_key(name); }
};

struct iam_policy_version {
  std::string id;  // v1, v2, ...
  std::string document;
  double created = 0;
};

// A customer managed policy (AWS managed ones are built in, not stored).
struct iam_policy {
  static constexpr std::string_view kind = "policy";
  std::string name;
  std::string path = "/";
  std::string id;  // ANPA...
  std::string description;
  double created = 0;
  double updated = 0;
  std::string default_version;
  int next_version = 1;
  std::vector<iam_policy_version> versions;  // oldest first
  std::vector<iam_tag> tags;
  std::string key() const { return iam_key(name); }
};

struct iam_instance_profile {
  static constexpr std::string_view kind = "instance-profile";
  std::string name;
  std::string path = "/";
  std::string id;  // AIPA...
  double created = 0;
  std::vector<std::string> roles;  // role names (IAM allows one)
  std::vector<iam_tag> tags;
  std::string key() const { return iam_key(name); }
};

// Keys that STS issued: AssumeRole's (role_arn set) and GetSessionToken's (the caller's own
// identity, role_arn empty).
struct sts_credential {
  std::string access_key_id;  // ASIA...
  std::string secret_access_key;
  std::string session_token;
  double expiration = 0;
  std::string role_arn;
  std::string role_id;  // AROA... of the role, for AssumedRoleId
  std::string role_name;
  std::string session_name;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(iam_tag, key, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(iam_inline_policy, name, document)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(iam_role, name, path, id, description,
                                                assume_role_policy, max_session_duration, created,
                                                tags, inline_policies, attached_policies)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(iam_policy_version, id, document, created)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(iam_policy, name, path, id, description, created,
                                                updated, default_version, next_version, versions,
                                                tags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(iam_instance_profile, name, path, id, created,
                                                roles, tags)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(sts_credential, access_key_id, secret_access_key,
                                                session_token, expiration, role_arn, role_id,
                                                role_name, session_name)

// The untyped rows under the templates. Inside database::read()/write() only.
std::optional<json> find_iam_document(database& db, std::string_view kind, const std::string& key);
// Ordered by key.
std::vector<json> list_iam_documents(database& db, std::string_view kind);
void put_iam_document(database& db, std::string_view kind, const std::string& key, const json& doc);
bool delete_iam_document(database& db, std::string_view kind, const std::string& key);

template <class R>
std::optional<R> find_iam(database& db, std::string_view name) {
  auto doc = find_iam_document(db, R::kind, iam_key(name));
  if (!doc) {
    return std::nullopt;
  }
  return doc->template get<R>();
}

// Every record of the kind, ordered by name without regard to case.
template <class R>
std::vector<R> list_iam(database& db) {
  std::vector<R> out;
  for (const auto& doc : list_iam_documents(db, R::kind)) {
    out.push_back(doc.template get<R>());
  }
  return out;
}

// Inserts the record or replaces the one of its name.
template <class R>
void put_iam(database& db, const R& record) {
  put_iam_document(db, R::kind, record.key(), json(record));
}

template <class R>
bool delete_iam(database& db, std::string_view name) {
  return delete_iam_document(db, R::kind, iam_key(name));
}

// The role an ARN names (arn:aws:iam::<account>:role<path><name>) when IAM has it in `account`
// under that path, else nullopt.
std::optional<iam_role> find_iam_role_by_arn(database& db, const std::string& account,
                                             const std::string& arn);

std::optional<sts_credential> find_sts_credential(database& db, const std::string& access_key_id);
void put_sts_credential(database& db, const sts_credential& c);
// Forgets the keys that expired before `now` (seconds since the epoch).
void delete_expired_sts_credentials(database& db, double now);

}  // namespace minecs::store
