#include "minecs/store/meta.hpp"

namespace minecs::store {

std::optional<std::string> get_meta(database& db, const std::string& key) {
  auto st = db.prepare("SELECT value FROM meta WHERE key = ?1");
  st.bind(1, key);
  if (!st.step()) {
    return std::nullopt;
  }
  return st.text(0);
}

void put_meta(database& db, const std::string& key, const std::string& value) {
  auto st = db.prepare(
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  st.bind(1, key).bind(2, value);
  st.run();
}

}  // namespace minecs::store
