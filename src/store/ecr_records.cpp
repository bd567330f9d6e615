#include "minecs/store/ecr_records.hpp"

namespace minecs::store {

namespace {

ecr_repository repository_of(statement& st) {
  return json::parse(st.text(0)).get<ecr_repository>();
}

void queue_removal(database& db, const std::string& repository, const std::string& digest) {
  auto st = db.prepare(
      "INSERT OR IGNORE INTO ecr_registry_removals (repository, digest) VALUES (?1, ?2)");
  st.bind(1, repository).bind(2, digest);
  st.run();
}

}  // namespace

std::optional<ecr_repository> find_ecr_repository(database& db, const std::string& region,
                                                  const std::string& name) {
  auto st = db.prepare("SELECT doc FROM ecr_repositories WHERE region = ?1 AND name = ?2");
  st.bind(1, region).bind(2, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return repository_of(st);
}

std::optional<ecr_repository> find_ecr_repository_any_region(database& db,
                                                             const std::string& region,
                                                             const std::string& name) {
  if (auto here = find_ecr_repository(db, region, name)) {
    return here;
  }
  auto st = db.prepare("SELECT doc FROM ecr_repositories WHERE name = ?1 ORDER BY rowid LIMIT 1");
  st.bind(1, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return repository_of(st);
}

std::vector<ecr_repository> list_ecr_repositories(database& db, const std::string& region) {
  auto st = db.prepare("SELECT doc FROM ecr_repositories WHERE region = ?1 ORDER BY rowid");
  st.bind(1, region);
  std::vector<ecr_repository> out;
  while (st.step()) {
    out.push_back(repository_of(st));
  }
  return out;
}

std::vector<ecr_repository> list_all_ecr_repositories(database& db) {
  auto st = db.prepare("SELECT doc FROM ecr_repositories ORDER BY rowid");
  std::vector<ecr_repository> out;
  while (st.step()) {
    out.push_back(repository_of(st));
  }
  return out;
}

void put_ecr_repository(database& db, const ecr_repository& r) {
  auto st = db.prepare(
      "INSERT INTO ecr_repositories (region, name, doc) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (region, name) DO UPDATE SET doc = excluded.doc");
  st.bind(1, r.region).bind(2, r.name).bind(3, json(r).dump());
  st.run();
}

void delete_ecr_repository(database& db, const std::string& region, const std::string& name) {
  for (const auto& image : list_ecr_images(db, region, name)) {
    delete_ecr_image(db, region, name, image.digest);
  }
  auto st = db.prepare("DELETE FROM ecr_repositories WHERE region = ?1 AND name = ?2");
  st.bind(1, region).bind(2, name);
  st.run();
}

std::vector<ecr_image> list_ecr_images(database& db, const std::string& region,
                                       const std::string& repository) {
  auto st = db.prepare(
      "SELECT doc FROM ecr_images WHERE region = ?1 AND repository = ?2 ORDER BY pushed_at, rowid");
  st.bind(1, region).bind(2, repository);
  std::vector<ecr_image> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)).get<ecr_image>());
  }
  return out;
}

std::optional<ecr_image> find_ecr_image(database& db, const std::string& region,
                                        const std::string& repository, const std::string& digest) {
  auto st = db.prepare(
      "SELECT doc FROM ecr_images WHERE region = ?1 AND repository = ?2 AND digest = ?3");
  st.bind(1, region).bind(2, repository).bind(3, digest);
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0)).get<ecr_image>();
}

void put_ecr_image(database& db, const ecr_image& image) {
  auto st = db.prepare(
      "INSERT INTO ecr_images (region, repository, digest, pushed_at, doc) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (region, repository, digest) DO UPDATE SET "
      "pushed_at = excluded.pushed_at, doc = excluded.doc");
  st.bind(1, image.region)
      .bind(2, image.repository)
      .bind(3, image.digest)
      .bind(4, image.pushed_at)
      .bind(5, json(image).dump());
  st.run();
  // A manifest pushed again is no longer to be removed.
  auto undo = db.prepare("DELETE FROM ecr_registry_removals WHERE repository = ?1 AND digest = ?2");
  undo.bind(1, image.repository).bind(2, image.digest);
  undo.run();
}

void delete_ecr_image(database& db, const std::string& region, const std::string& repository,
                      const std::string& digest) {
  auto st =
      db.prepare("DELETE FROM ecr_images WHERE region = ?1 AND repository = ?2 AND digest = ?3");
  st.bind(1, region).bind(2, repository).bind(3, digest);
  st.run();
  if (db.changed_rows() > 0) {
    queue_removal(db, repository, digest);
  }
}

std::vector<ecr_registry_removal> pending_ecr_removals(database& db) {
  auto st = db.prepare("SELECT repository, digest FROM ecr_registry_removals ORDER BY rowid");
  std::vector<ecr_registry_removal> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1)});
  }
  return out;
}

void done_ecr_removal(database& db, const ecr_registry_removal& r) {
  auto st = db.prepare("DELETE FROM ecr_registry_removals WHERE repository = ?1 AND digest = ?2");
  st.bind(1, r.repository).bind(2, r.digest);
  st.run();
}

void put_ecr_token(database& db, const std::string& token, double expires_at) {
  auto st = db.prepare(
      "INSERT INTO ecr_tokens (token, expires_at) VALUES (?1, ?2) "
      "ON CONFLICT (token) DO UPDATE SET expires_at = excluded.expires_at");
  st.bind(1, token).bind(2, expires_at);
  st.run();
}

bool ecr_token_valid(database& db, const std::string& token, double now) {
  auto st = db.prepare("SELECT expires_at FROM ecr_tokens WHERE token = ?1");
  st.bind(1, token);
  return st.step() && st.real(0) > now;
}

void drop_expired_ecr_tokens(database& db, double now) {
  auto st = db.prepare("DELETE FROM ecr_tokens WHERE expires_at <= ?1");
  st.bind(1, now);
  st.run();
}

}  // namespace minecs::store
