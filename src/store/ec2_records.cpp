// The rows of ec2_resources that the typed EC2 records of ec2_records.hpp are kept in.
#include "minecs/store/ec2_records.hpp"

namespace minecs::store {

std::optional<json> find_ec2_document(database& db, std::string_view kind,
                                      const std::string& region, const std::string& id) {
  auto st = db.prepare("SELECT doc FROM ec2_resources WHERE id = ?1 AND region = ?2 AND kind = ?3");
  st.bind(1, id).bind(2, region).bind(3, kind);
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0));
}

std::vector<json> list_ec2_documents(database& db, std::string_view kind, const std::string& region,
                                     const std::optional<std::string>& parent) {
  auto st = parent ? db.prepare(
                         "SELECT doc FROM ec2_resources WHERE parent_id = ?3 AND kind = ?1 "
                         "AND region = ?2 ORDER BY rowid")
                   : db.prepare(
                         "SELECT doc FROM ec2_resources WHERE region = ?2 AND kind = ?1 "
                         "ORDER BY rowid");
  st.bind(1, kind).bind(2, region);
  if (parent) {
    st.bind(3, *parent);
  }
  std::vector<json> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)));
  }
  return out;
}

std::vector<json> list_ec2_documents_everywhere(database& db, std::string_view kind) {
  auto st = db.prepare("SELECT doc FROM ec2_resources WHERE kind = ?1 ORDER BY rowid");
  st.bind(1, kind);
  std::vector<json> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)));
  }
  return out;
}

void put_ec2_document(database& db, std::string_view kind, const std::string& region,
                      const std::string& id, const std::string& parent, const json& doc) {
  auto st = db.prepare(
      "INSERT INTO ec2_resources (id, region, kind, parent_id, doc) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (id) DO UPDATE SET region = excluded.region, kind = excluded.kind, "
      "parent_id = excluded.parent_id, doc = excluded.doc");
  st.bind(1, id).bind(2, region).bind(3, kind).bind(4, parent).bind(5, doc.dump());
  st.run();
}

void delete_ec2_resource(database& db, const std::string& id) {
  auto st = db.prepare("DELETE FROM ec2_resources WHERE id = ?1");
  st.bind(1, id);
  st.run();
}

}  // namespace minecs::store
