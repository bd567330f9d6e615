// The service's part in Cloud Map, as ECS plays it: each RUNNING task with an address is an
// instance (its id the task's id) of every Cloud Map service of the service's serviceRegistries,
// with the attributes ECS writes; it is deregistered as soon as it is stopping. With custom
// health, the instance's health follows the task's.
#include <set>

#include "decider.hpp"

namespace minecs::scheduler::detail {

namespace {

std::string address_of(const store::task_record& t) {
  for (const auto& a : t.attachments) {
    if (!a.private_ipv4.empty()) {
      return a.private_ipv4;
    }
  }
  return {};
}

}  // namespace

void decider::sync_registries() {
  for (const auto& r : in_.registries) {
    std::set<std::string> wanted;
    for (const auto& t : tasks_) {
      auto address = address_of(t);
      if (!live(t) || t.last_status != task_status::running || stopping(t) || address.empty()) {
        continue;
      }
      wanted.insert(t.id);
      store::cloudmap_instance i;
      i.service_id = r.service.id;
      i.id = t.id;
      i.attributes = {{"AWS_INSTANCE_IPV4", address}, {"AVAILABILITY_ZONE", t.availability_zone},
                      {"REGION", s_.region},          {"ECS_CLUSTER_NAME", s_.cluster_name},
                      {"ECS_SERVICE_NAME", s_.name},  {"ECS_TASK_DEFINITION_FAMILY", t.family}};
      // SRV records carry the port; so do the instances of services without DNS records
      // (Service Connect's), which clients find with DiscoverInstances.
      if ((r.service.has_record("SRV") || r.service.dns_records.empty()) && r.port > 0) {
        i.attributes["AWS_INSTANCE_PORT"] = std::to_string(r.port);
      }
      if (r.service.custom_health) {
        i.health = t.health_status == health_status::unhealthy ? "UNHEALTHY" : "HEALTHY";
        i.attributes["AWS_INIT_HEALTH_STATUS"] = i.health;
      }
      auto now = r.instances.find(t.id);
      if (now != r.instances.end() && r.service.custom_health) {
        // The initial status stays what it was; the health itself follows the task.
        auto first = now->second.attributes.find("AWS_INIT_HEALTH_STATUS");
        if (first != now->second.attributes.end()) {
          i.attributes["AWS_INIT_HEALTH_STATUS"] = first->second;
        }
      }
      if (now != r.instances.end() && now->second.attributes == i.attributes &&
          now->second.health == i.health) {
        continue;
      }
      if (now != r.instances.end()) {
        i.registered = now->second.registered;
      } else {
        i.registered = now_;
      }
      p_.instance_changes.push_back({r.service.id, i, true});
    }
    // Only the instances this service registered are its to remove: others may be registered
    // in the same Cloud Map service by hand or by another ECS service.
    for (const auto& entry : r.instances) {
      const auto& id = entry.first;
      const auto& i = entry.second;  // not a binding: clang-tidy's clang cannot capture one
      auto attribute = [&](const char* key) {
        auto it = i.attributes.find(key);
        return it == i.attributes.end() ? std::string() : it->second;
      };
      if (wanted.count(id) == 0 && attribute("ECS_SERVICE_NAME") == s_.name &&
          attribute("ECS_CLUSTER_NAME") == s_.cluster_name) {
        p_.instance_changes.push_back({r.service.id, i, false});
      }
    }
  }
}

}  // namespace minecs::scheduler::detail
