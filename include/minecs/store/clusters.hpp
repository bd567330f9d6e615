#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

struct cluster_record {
  std::string arn;
  std::string region;
  std::string name;
  std::string status = "ACTIVE";
  json settings = json::array();  // [{name, value}]
  json configuration;             // null or ClusterConfiguration
  json capacity_providers = json::array();
  json default_strategy = json::array();
  json service_connect_defaults;  // null or {namespace}
  double created_at = 0;
};

// Inside database::read()/write() only.
std::optional<cluster_record> find_cluster(database& db, const std::string& region,
                                           const std::string& name);
void save_cluster(database& db, const cluster_record& c);
// ACTIVE clusters of a region ordered by ARN, after `after_arn`, at most `limit`.
std::vector<cluster_record> list_clusters(database& db, const std::string& region,
                                          const std::string& after_arn, int limit);

}  // namespace minecs::store
