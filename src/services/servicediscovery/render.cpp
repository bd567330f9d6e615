// Cloud Map's wire shapes, from the typed records.
#include "common.hpp"

namespace minecs::servicediscovery {

json render_namespace(const store::cloudmap_namespace& n, long service_count) {
  json dns = json::object();
  if (n.dns()) {
    dns = {{"HostedZoneId", n.hosted_zone_id}, {"SOA", {{"TTL", n.soa_ttl}}}};
  }
  json out = {{"Id", n.id},
              {"Arn", n.arn},
              {"Name", n.name},
              {"Type", n.type},
              {"ServiceCount", service_count},
              {"Properties", {{"DnsProperties", dns}, {"HttpProperties", {{"HttpName", n.name}}}}},
              {"CreateDate", n.created},
              {"CreatorRequestId", n.creator_request_id}};
  if (!n.description.empty()) {
    out["Description"] = n.description;
  }
  return out;
}

json render_dns_config(const store::cloudmap_service& s) {
  json records = json::array();
  for (const auto& r : s.dns_records) {
    records.push_back({{"Type", r.type}, {"TTL", r.ttl}});
  }
  return {{"NamespaceId", s.namespace_id},
          {"RoutingPolicy", s.routing_policy},
          {"DnsRecords", records}};
}

json render_service(const store::cloudmap_service& s, long instance_count) {
  json out = {{"Id", s.id},
              {"Arn", s.arn},
              {"Name", s.name},
              {"NamespaceId", s.namespace_id},
              {"InstanceCount", instance_count},
              {"Type", s.type},
              {"CreateDate", s.created},
              {"CreatorRequestId", s.creator_request_id}};
  if (!s.description.empty()) {
    out["Description"] = s.description;
  }
  if (!s.dns_records.empty()) {
    out["DnsConfig"] = render_dns_config(s);
  }
  if (s.health_check_config.is_object()) {
    out["HealthCheckConfig"] = s.health_check_config;
  }
  if (s.custom_health) {
    out["HealthCheckCustomConfig"] = json::object();
    if (s.failure_threshold > 0) {
      out["HealthCheckCustomConfig"]["FailureThreshold"] = s.failure_threshold;
    }
  }
  return out;
}

json render_operation(const store::cloudmap_operation& o, double now) {
  auto status = status_at(o, now);
  json out = {{"Id", o.id},
              {"Type", o.type},
              {"Status", status},
              {"CreateDate", o.created},
              {"UpdateDate", status == o.outcome ? o.done : o.created},
              {"Targets", o.targets}};
  if (status == store::cloudmap_operation_status::fail) {
    out["ErrorCode"] = o.error_code;
    out["ErrorMessage"] = o.error_message;
  }
  return out;
}

json render_attributes(const std::map<std::string, std::string>& attributes) {
  json out = json::object();
  for (const auto& [k, v] : attributes) {
    out[k] = v;
  }
  return out;
}

}  // namespace minecs::servicediscovery
