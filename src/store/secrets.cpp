#include "minecs/store/secrets.hpp"

namespace minecs::store {

namespace {

std::optional<secret_record> first(statement& st) {
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0)).get<secret_record>();
}

}  // namespace

std::optional<secret_record> find_secret_by_name(database& db, const std::string& region,
                                                 const std::string& name) {
  auto st = db.prepare("SELECT doc FROM secrets WHERE region = ?1 AND name = ?2");
  st.bind(1, region).bind(2, name);
  return first(st);
}

std::optional<secret_record> find_secret_by_arn(database& db, const std::string& arn) {
  auto st = db.prepare("SELECT doc FROM secrets WHERE arn = ?1");
  st.bind(1, arn);
  return first(st);
}

std::vector<secret_record> list_secrets(database& db, const std::string& region) {
  auto st = db.prepare("SELECT doc FROM secrets WHERE region = ?1 ORDER BY name");
  st.bind(1, region);
  std::vector<secret_record> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)).get<secret_record>());
  }
  return out;
}

void put_secret(database& db, const secret_record& s) {
  auto st = db.prepare(
      "INSERT INTO secrets (region, name, arn, doc) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (arn) DO UPDATE SET name = excluded.name, doc = excluded.doc");
  st.bind(1, s.region).bind(2, s.name).bind(3, s.arn).bind(4, json(s).dump());
  st.run();
}

void delete_secret(database& db, const std::string& arn) {
  auto st = db.prepare("DELETE FROM secrets WHERE arn = ?1");
  st.bind(1, arn);
  st.run();
}

}  // namespace minecs::store
