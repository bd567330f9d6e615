// The rows of iam_entities and sts_credentials behind iam_records.hpp.
#include "minecs/store/iam_records.hpp"

#include <cctype>

namespace minecs::store {

std::string iam_key(std::string_view name) {
  std::string out(name);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<json> find_iam_document(database& db, std::string_view kind, const std::string& key) {
  auto st = db.prepare("SELECT doc FROM iam_entities WHERE kind = ?1 AND key = ?2");
  st.bind(1, kind).bind(2, key);
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0));
}

std::vector<json> list_iam_documents(database& db, std::string_view kind) {
  auto st = db.prepare("SELECT doc FROM iam_entities WHERE kind = ?1 ORDER BY key");
  st.bind(1, kind);
  std::vector<json> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)));
  }
  return out;
}

void put_iam_document(database& db, std::string_view kind, const std::string& key,
                      const json& doc) {
  auto st = db.prepare(
      "INSERT INTO iam_entities (kind, key, doc) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc");
  st.bind(1, kind).bind(2, key).bind(3, doc.dump());
  st.run();
}

bool delete_iam_document(database& db, std::string_view kind, const std::string& key) {
  auto st = db.prepare("DELETE FROM iam_entities WHERE kind = ?1 AND key = ?2");
  st.bind(1, kind).bind(2, key);
  st.run();
  return db.changed_rows() > 0;
}

std::optional<iam_role> find_iam_role_by_arn(database& db, const std::string& account,
                                             const std::string& arn) {
  auto slash = arn.rfind('/');
  if (slash == std::string::npos) {
    return std::nullopt;
  }
  auto role = find_iam<iam_role>(db, arn.substr(slash + 1));
  if (!role || "arn:aws:iam::" + account + ":role" + role->path + role->name != arn) {
    return std::nullopt;
  }
  return role;
}

std::optional<sts_credential> find_sts_credential(database& db, const std::string& access_key_id) {
  auto st = db.prepare("SELECT doc FROM sts_credentials WHERE access_key_id = ?1");
  st.bind(1, access_key_id);
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0)).get<sts_credential>();
}

void put_sts_credential(database& db, const sts_credential& c) {
  auto st = db.prepare(
      "INSERT INTO sts_credentials (access_key_id, expiration, doc) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (access_key_id) DO UPDATE SET expiration = excluded.expiration, "
      "doc = excluded.doc");
  st.bind(1, c.access_key_id).bind(2, c.expiration).bind(3, json(c).dump());
  st.run();
}

void delete_expired_sts_credentials(database& db, double now) {
  auto st = db.prepare("DELETE FROM sts_credentials WHERE expiration < ?1");
  st.bind(1, now);
  st.run();
}

}  // namespace minecs::store
