#include "minecs/store/tags.hpp"

#include <set>

namespace minecs::store {

namespace {

// The first text after every text that starts with `prefix`, so that a prefix is a range of the
// (arn, key) index instead of a scan of the table. ARNs are ASCII.
std::string prefix_end(const std::string& prefix) {
  return prefix + "\x7f";
}

}  // namespace

std::vector<tag> tags_of(database& db, const std::string& arn) {
  auto st = db.prepare("SELECT key, value FROM tags WHERE arn = ?1 ORDER BY rowid");
  st.bind(1, arn);
  std::vector<tag> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1)});
  }
  return out;
}

void put_tags(database& db, const std::string& arn, const std::vector<tag>& tags) {
  for (const auto& t : tags) {
    auto st = db.prepare(
        "INSERT INTO tags (arn, key, value) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value");
    st.bind(1, arn).bind(2, t.key).bind(3, t.value);
    st.run();
  }
}

bool exceeds_tag_limit(database& db, const std::string& arn, const std::vector<tag>& tags) {
  std::set<std::string> keys;
  for (const auto& t : tags_of(db, arn)) {
    keys.insert(t.key);
  }
  for (const auto& t : tags) {
    keys.insert(t.key);
  }
  return keys.size() > max_tags_per_resource;
}

void remove_tags(database& db, const std::string& arn, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    auto st = db.prepare("DELETE FROM tags WHERE arn = ?1 AND key = ?2");
    st.bind(1, arn).bind(2, k);
    st.run();
  }
}

void drop_tags(database& db, const std::string& arn) {
  auto st = db.prepare("DELETE FROM tags WHERE arn = ?1");
  st.bind(1, arn);
  st.run();
}

std::vector<arn_tag> tags_under(database& db, const std::string& arn_prefix) {
  auto st =
      db.prepare("SELECT arn, key, value FROM tags WHERE arn >= ?1 AND arn < ?2 ORDER BY arn, key");
  st.bind(1, arn_prefix);
  st.bind(2, prefix_end(arn_prefix));
  std::vector<arn_tag> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), st.text(2)});
  }
  return out;
}

std::map<std::string, std::vector<tag>, std::less<>> tags_of_each_under(
    database& db, const std::string& arn_prefix) {
  auto st =
      db.prepare("SELECT arn, key, value FROM tags WHERE arn >= ?1 AND arn < ?2 ORDER BY rowid");
  st.bind(1, arn_prefix);
  st.bind(2, prefix_end(arn_prefix));
  std::map<std::string, std::vector<tag>, std::less<>> out;
  while (st.step()) {
    out[st.text(0)].push_back({st.text(1), st.text(2)});
  }
  return out;
}

}  // namespace minecs::store
