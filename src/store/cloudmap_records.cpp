#include "minecs/store/cloudmap_records.hpp"

namespace minecs::store {

namespace {

template <class R>
std::optional<R> one(statement st) {
  if (!st.step()) {
    return std::nullopt;
  }
  return json::parse(st.text(0)).get<R>();
}

template <class R>
std::vector<R> all(statement st) {
  std::vector<R> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)).get<R>());
  }
  return out;
}

}  // namespace

std::string new_cloudmap_id(id_generator& ids, const char* prefix) {
  // Cloud Map's ids are base32-like: lowercase letters and digits.
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  auto hex = ids.hex32();
  std::string out = prefix;
  for (std::size_t i = 0; i < 16; ++i) {
    auto v = std::stoi(hex.substr(i * 2, 2), nullptr, 16);
    out += alphabet[v % 32];
  }
  return out;
}

std::string cloudmap_arn(const std::string& region, const std::string& account,
                         const std::string& kind, const std::string& id) {
  return "arn:aws:servicediscovery:" + region + ":" + account + ":" + kind + "/" + id;
}

std::optional<cloudmap_namespace> find_cloudmap_namespace(database& db, const std::string& id) {
  auto st = db.prepare("SELECT doc FROM cloudmap_namespaces WHERE id = ?1");
  st.bind(1, id);
  return one<cloudmap_namespace>(std::move(st));
}

std::vector<cloudmap_namespace> list_cloudmap_namespaces(database& db, const std::string& region) {
  if (region.empty()) {
    return all<cloudmap_namespace>(
        db.prepare("SELECT doc FROM cloudmap_namespaces ORDER BY rowid"));
  }
  auto st = db.prepare("SELECT doc FROM cloudmap_namespaces WHERE region = ?1 ORDER BY rowid");
  st.bind(1, region);
  return all<cloudmap_namespace>(std::move(st));
}

void put_cloudmap_namespace(database& db, const cloudmap_namespace& n) {
  auto st = db.prepare(
      "INSERT INTO cloudmap_namespaces (id, region, name, doc) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc");
  st.bind(1, n.id).bind(2, n.region).bind(3, n.name).bind(4, json(n).dump());
  st.run();
}

void delete_cloudmap_namespace(database& db, const std::string& id) {
  auto st = db.prepare("DELETE FROM cloudmap_namespaces WHERE id = ?1");
  st.bind(1, id);
  st.run();
}

std::optional<cloudmap_service> find_cloudmap_service(database& db, const std::string& id) {
  auto st = db.prepare("SELECT doc FROM cloudmap_services WHERE id = ?1");
  st.bind(1, id);
  return one<cloudmap_service>(std::move(st));
}

std::vector<cloudmap_service> list_cloudmap_services(database& db, const std::string& region,
                                                     const std::string& namespace_id) {
  if (namespace_id.empty()) {
    auto st = db.prepare("SELECT doc FROM cloudmap_services WHERE region = ?1 ORDER BY rowid");
    st.bind(1, region);
    return all<cloudmap_service>(std::move(st));
  }
  auto st = db.prepare(
      "SELECT doc FROM cloudmap_services WHERE region = ?1 AND namespace_id = ?2 ORDER BY rowid");
  st.bind(1, region).bind(2, namespace_id);
  return all<cloudmap_service>(std::move(st));
}

void put_cloudmap_service(database& db, const cloudmap_service& s) {
  auto st = db.prepare(
      "INSERT INTO cloudmap_services (id, region, namespace_id, name, doc) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc");
  st.bind(1, s.id)
      .bind(2, s.region)
      .bind(3, s.namespace_id)
      .bind(4, s.name)
      .bind(5, json(s).dump());
  st.run();
}

void delete_cloudmap_service(database& db, const std::string& id) {
  auto st = db.prepare("DELETE FROM cloudmap_services WHERE id = ?1");
  st.bind(1, id);
  st.run();
}

std::optional<cloudmap_instance> find_cloudmap_instance(database& db, const std::string& service_id,
                                                        const std::string& id) {
  auto st = db.prepare("SELECT doc FROM cloudmap_instances WHERE service_id = ?1 AND id = ?2");
  st.bind(1, service_id).bind(2, id);
  return one<cloudmap_instance>(std::move(st));
}

std::vector<cloudmap_instance> list_cloudmap_instances(database& db,
                                                       const std::string& service_id) {
  auto st = db.prepare("SELECT doc FROM cloudmap_instances WHERE service_id = ?1 ORDER BY rowid");
  st.bind(1, service_id);
  return all<cloudmap_instance>(std::move(st));
}

void put_cloudmap_instance(database& db, const cloudmap_instance& i) {
  auto st = db.prepare(
      "INSERT INTO cloudmap_instances (service_id, id, doc) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (service_id, id) DO UPDATE SET doc = excluded.doc");
  st.bind(1, i.service_id).bind(2, i.id).bind(3, json(i).dump());
  st.run();
}

bool delete_cloudmap_instance(database& db, const std::string& service_id, const std::string& id) {
  auto st = db.prepare("DELETE FROM cloudmap_instances WHERE service_id = ?1 AND id = ?2");
  st.bind(1, service_id).bind(2, id);
  st.run();
  return db.changed_rows() > 0;
}

void register_cloudmap_instance(database& db, cloudmap_service& s, const cloudmap_instance& i) {
  put_cloudmap_instance(db, i);
  s.revision += 1;
  put_cloudmap_service(db, s);
}

bool deregister_cloudmap_instance(database& db, cloudmap_service& s, const std::string& id) {
  if (!delete_cloudmap_instance(db, s.id, id)) {
    return false;
  }
  s.revision += 1;
  put_cloudmap_service(db, s);
  return true;
}

std::optional<cloudmap_operation> find_cloudmap_operation(database& db, const std::string& id) {
  auto st = db.prepare("SELECT doc FROM cloudmap_operations WHERE id = ?1");
  st.bind(1, id);
  return one<cloudmap_operation>(std::move(st));
}

std::vector<cloudmap_operation> list_cloudmap_operations(database& db, const std::string& region) {
  auto st = db.prepare("SELECT doc FROM cloudmap_operations WHERE region = ?1 ORDER BY rowid");
  st.bind(1, region);
  return all<cloudmap_operation>(std::move(st));
}

void put_cloudmap_operation(database& db, const cloudmap_operation& o) {
  auto st = db.prepare(
      "INSERT INTO cloudmap_operations (id, region, doc) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (id) DO UPDATE SET doc = excluded.doc");
  st.bind(1, o.id).bind(2, o.region).bind(3, json(o).dump());
  st.run();
}

}  // namespace minecs::store
