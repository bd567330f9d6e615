#include "minecs/store/account_settings.hpp"

namespace minecs::store {

void put_account_setting(database& db, const std::string& region, const account_setting& s) {
  auto st = db.prepare(
      "INSERT INTO account_settings (region, principal_arn, name, value) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (region, principal_arn, name) DO UPDATE SET value = excluded.value");
  st.bind(1, region).bind(2, s.principal_arn).bind(3, s.name).bind(4, s.value);
  st.run();
}

bool delete_account_setting(database& db, const std::string& region,
                            const std::string& principal_arn, const std::string& name) {
  auto st = db.prepare(
      "DELETE FROM account_settings WHERE region = ?1 AND principal_arn = ?2 AND name = ?3");
  st.bind(1, region).bind(2, principal_arn).bind(3, name);
  st.run();
  return db.changed_rows() > 0;
}

std::vector<account_setting> account_settings_of(database& db, const std::string& region,
                                                 const std::string& principal_arn) {
  auto st = db.prepare(
      "SELECT name, value, principal_arn FROM account_settings WHERE region = ?1 AND "
      "principal_arn = ?2 ORDER BY name");
  st.bind(1, region).bind(2, principal_arn);
  std::vector<account_setting> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.text(2)});
  }
  return out;
}

}  // namespace minecs::store
