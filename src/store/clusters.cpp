#include "minecs/store/clusters.hpp"

namespace minecs::store {

namespace {

constexpr const char* cluster_columns =
    "arn, region, name, status, settings, configuration, capacity_providers, default_strategy, "
    "service_connect_defaults, created_at";

json parse_or_null(const std::optional<std::string>& text) {
  return text ? json::parse(*text) : json();
}

cluster_record read_cluster(const statement& st) {
  cluster_record c;
  c.arn = st.text(0);
  c.region = st.text(1);
  c.name = st.text(2);
  c.status = st.text(3);
  c.settings = json::parse(st.text(4));
  c.configuration = parse_or_null(st.opt_text(5));
  c.capacity_providers = json::parse(st.text(6));
  c.default_strategy = json::parse(st.text(7));
  c.service_connect_defaults = parse_or_null(st.opt_text(8));
  c.created_at = st.real(9);
  return c;
}

std::optional<std::string> dump_or_null(const json& j) {
  return j.is_null() ? std::nullopt : std::optional(j.dump());
}

}  // namespace

std::optional<cluster_record> find_cluster(database& db, const std::string& region,
                                           const std::string& name) {
  auto st = db.prepare(std::string("SELECT ") + cluster_columns +
                       " FROM clusters WHERE region = ?1 AND name = ?2");
  st.bind(1, region).bind(2, name);
  if (!st.step()) {
    return std::nullopt;
  }
  return read_cluster(st);
}

void save_cluster(database& db, const cluster_record& c) {
  auto st = db.prepare(std::string("INSERT OR REPLACE INTO clusters (") + cluster_columns +
                       ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.bind(1, c.arn)
      .bind(2, c.region)
      .bind(3, c.name)
      .bind(4, c.status)
      .bind(5, c.settings.dump())
      .bind(6, dump_or_null(c.configuration))
      .bind(7, c.capacity_providers.dump())
      .bind(8, c.default_strategy.dump())
      .bind(9, dump_or_null(c.service_connect_defaults))
      .bind(10, c.created_at);
  st.run();
}

std::vector<cluster_record> list_clusters(database& db, const std::string& region,
                                          const std::string& after_arn, int limit) {
  auto st = db.prepare(std::string("SELECT ") + cluster_columns +
                       " FROM clusters WHERE region = ?1 AND status = 'ACTIVE' AND arn > ?2 "
                       "ORDER BY arn LIMIT ?3");
  st.bind(1, region).bind(2, after_arn).bind(3, limit);
  std::vector<cluster_record> out;
  while (st.step()) {
    out.push_back(read_cluster(st));
  }
  return out;
}

}  // namespace minecs::store
