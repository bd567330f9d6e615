#include "minecs/store/container_instances.hpp"

namespace minecs::store {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(container_instance_record, arn, id, cluster_arn,
                                                ec2_instance_id, status, agent_connected, cpu_units,
                                                memory_mib, docker_version, attributes,
                                                registered_at, version)

std::vector<container_instance_record> container_instances_of(database& db,
                                                              const std::string& cluster_arn) {
  auto st = db.prepare("SELECT doc FROM container_instances WHERE cluster_arn = ?1 ORDER BY arn");
  st.bind(1, cluster_arn);
  std::vector<container_instance_record> out;
  while (st.step()) {
    out.push_back(json::parse(st.text(0)).get<container_instance_record>());
  }
  return out;
}

std::optional<container_instance_record> find_container_instance(database& db,
                                                                 const std::string& cluster_arn,
                                                                 const std::string& id_or_arn) {
  for (auto& ci : container_instances_of(db, cluster_arn)) {
    if (ci.arn == id_or_arn || ci.id == id_or_arn) {
      return ci;
    }
  }
  return std::nullopt;
}

void save_container_instance(database& db, const container_instance_record& ci) {
  auto st = db.prepare(
      "INSERT OR REPLACE INTO container_instances (arn, cluster_arn, doc) VALUES (?1, ?2, ?3)");
  st.bind(1, ci.arn).bind(2, ci.cluster_arn).bind(3, json(ci).dump());
  st.run();
}

void erase_container_instances_of(database& db, const std::string& cluster_arn) {
  auto st = db.prepare("DELETE FROM container_instances WHERE cluster_arn = ?1");
  st.bind(1, cluster_arn);
  st.run();
}

}  // namespace minecs::store
