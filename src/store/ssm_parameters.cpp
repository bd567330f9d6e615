#include "minecs/store/ssm_parameters.hpp"

namespace minecs::store {

std::optional<ssm_parameter> find_ssm_parameter(database& db, const std::string& region,
                                                const std::string& name) {
  auto st = db.prepare("SELECT doc FROM ssm_parameters WHERE region = ?1 AND name = ?2");
  st.bind(1, region).bind(2, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0)).get<ssm_parameter>();
}

std::vector<ssm_parameter> list_ssm_parameters(database& db, const std::string& region) {
  auto st = db.prepare("SELECT doc FROM ssm_parameters WHERE region = ?1 ORDER BY name");
  st.bind(1, region);
  std::vector<ssm_parameter> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)).get<ssm_parameter>());
  }
  return out;
}

void put_ssm_parameter(database& db, const ssm_parameter& p) {
  auto st = db.prepare(
      "INSERT INTO ssm_parameters (region, name, doc) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (region, name) DO UPDATE SET doc = excluded.doc");
  st.bind(1, p.region).bind(2, p.name).bind(3, json(p).dump());
  st.run();
}

bool delete_ssm_parameter(database& db, const std::string& region, const std::string& name) {
  auto st = db.prepare("DELETE FROM ssm_parameters WHERE region = ?1 AND name = ?2");
  st.bind(1, region).bind(2, name);
  st.run();
  return db.changed_rows() > 0;
}

}  // namespace minecs::store
