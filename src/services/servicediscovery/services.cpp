// Services: the DNS records each instance gets (A, AAAA, SRV, CNAME with a TTL, MULTIVALUE or
// WEIGHTED routing) and how instance health is known (a Route 53 check, which minecs does not
// run, or custom health that the registrant reports). A service with instances cannot be deleted.
#include <algorithm>
#include <set>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::servicediscovery {

namespace {

long instance_count(api::request_context& ctx, const store::cloudmap_service& s) {
  return static_cast<long>(store::list_cloudmap_instances(ctx.db, s.id).size());
}

// DnsConfig's records, checked as Cloud Map checks them.
void read_dns_records(store::cloudmap_service& s, const json& records) {
  s.dns_records.clear();
  std::set<std::string> types;
  for (const auto& r : records) {
    auto type = api::str(r, "Type");
    if (!types.insert(type).second) {
      throw invalid_input("DnsRecords contains the type " + type + " more than once.");
    }
    s.dns_records.push_back({type, r.at("TTL").get<std::int64_t>()});
  }
  if (types.empty()) {
    throw invalid_input("DnsConfig must contain at least one DnsRecord.");
  }
  if (types.count("CNAME") > 0 && types.size() > 1) {
    throw invalid_input("A CNAME record can't be combined with other record types.");
  }
  if (types.count("CNAME") > 0 && s.routing_policy != "WEIGHTED") {
    throw invalid_input("A CNAME record requires the WEIGHTED routing policy.");
  }
  if (types.count("SRV") > 0 && s.health_check_config.is_object() && types.size() == 1) {
    throw invalid_input(
        "A service with a Route 53 health check and an SRV record must also have an A or AAAA "
        "record.");
  }
}

json create_service(api::request_context& ctx, const json& input) {
  store::cloudmap_service s;
  s.region = ctx.scope.region;
  s.name = api::str(input, "Name");
  s.description = api::str(input, "Description");
  s.creator_request_id = api::str(input, "CreatorRequestId");
  const auto& dns = api::member_or(input, "DnsConfig", json::object());
  auto namespace_id = api::str(input, "NamespaceId", api::str(dns, "NamespaceId"));
  if (namespace_id.empty()) {
    throw invalid_input("NamespaceId is required.");
  }
  if (api::has(input, "HealthCheckConfig") && api::has(input, "HealthCheckCustomConfig")) {
    throw invalid_input("HealthCheckConfig and HealthCheckCustomConfig can't both be specified.");
  }
  if (api::has(input, "HealthCheckConfig")) {
    s.health_check_config = input.at("HealthCheckConfig");
    if (api::str(s.health_check_config, "Type") == "TCP" &&
        api::has(s.health_check_config, "ResourcePath")) {
      throw invalid_input("ResourcePath can't be specified for a TCP health check.");
    }
  }
  if (api::has(input, "HealthCheckCustomConfig")) {
    s.custom_health = true;
    s.failure_threshold =
        api::opt_int(input.at("HealthCheckCustomConfig"), "FailureThreshold").value_or(0);
  }
  return ctx.db.write([&] {
    auto n = namespace_of(ctx, namespace_id);
    s.namespace_id = n.id;
    if (api::has(input, "DnsConfig")) {
      if (!n.dns()) {
        throw invalid_input("DnsConfig can't be specified for a service in an HTTP namespace.");
      }
      if (api::str(input, "Type") == "HTTP") {
        throw invalid_input("A service of type HTTP can't have a DnsConfig.");
      }
      s.routing_policy = api::str(dns, "RoutingPolicy", "MULTIVALUE");
      read_dns_records(s, dns.at("DnsRecords"));
      s.type = "DNS_HTTP";
    } else {
      s.type = "HTTP";
    }
    if (s.health_check_config.is_object() &&
        n.type == store::cloudmap_namespace_type::dns_private) {
      throw invalid_input(
          "HealthCheckConfig can't be specified for a service in a private DNS namespace: use "
          "HealthCheckCustomConfig.");
    }
    for (const auto& other : store::list_cloudmap_services(ctx.db, ctx.scope.region, n.id)) {
      if (other.name == s.name) {
        if (!s.creator_request_id.empty() && other.creator_request_id == s.creator_request_id) {
          return json{{"Service", render_service(other, instance_count(ctx, other))}};
        }
        throw service_error("ServiceAlreadyExists",
                            "Service " + s.name + " already exists in namespace " + n.id + ".");
      }
    }
    s.id = new_id(ctx, "srv-");
    s.arn = service_arn(ctx.scope, s.id);
    s.created = ctx.clock.now();
    tag_new_resource(ctx, s.arn, input);
    store::put_cloudmap_service(ctx.db, s);
    return json{{"Service", render_service(s, 0)}};
  });
}

json get_service(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto s = service_of(ctx, api::str(input, "Id"));
    return json{{"Service", render_service(s, instance_count(ctx, s))}};
  });
}

json list_services(api::request_context& ctx, const json& input) {
  auto filters = read_filters(input);
  std::vector<std::string> namespaces;
  for (const auto& f : filters) {
    if (f.name != "NAMESPACE_ID") {
      throw invalid_input("Unknown service filter name: " + f.name);
    }
    if (f.condition != "EQ" && f.condition != "IN") {
      throw invalid_input("The NAMESPACE_ID filter takes EQ or IN.");
    }
    if (f.condition == "EQ" && f.values.size() != 1) {
      throw invalid_input("The EQ condition takes exactly one value.");
    }
    for (const auto& v : f.values) {
      namespaces.push_back(id_of(v));
    }
  }
  auto start = page_start(input, "ListServices");
  auto size = page_size(input, 100);
  return ctx.db.read([&] {
    std::vector<store::cloudmap_service> chosen;
    for (const auto& s : store::list_cloudmap_services(ctx.db, ctx.scope.region)) {
      if (namespaces.empty() ||
          std::find(namespaces.begin(), namespaces.end(), s.namespace_id) != namespaces.end()) {
        chosen.push_back(s);
      }
    }
    json list = json::array();
    for (std::size_t i = start; i < chosen.size() && i < start + size; ++i) {
      auto summary = render_service(chosen[i], instance_count(ctx, chosen[i]));
      summary.erase("CreatorRequestId");
      summary.erase("NamespaceId");
      list.push_back(summary);
    }
    json out = {{"Services", list}};
    if (start + size < chosen.size()) {
      out["NextToken"] = page_token("ListServices", start + size);
    }
    return out;
  });
}

json update_service(api::request_context& ctx, const json& input, const options& opts) {
  return ctx.db.write([&] {
    auto s = service_of(ctx, api::str(input, "Id"));
    const auto& change = input.at("Service");
    if (api::has(change, "Description")) {
      s.description = api::str(change, "Description");
    }
    if (api::has(change, "DnsConfig")) {
      if (s.dns_records.empty()) {
        throw invalid_input("The service " + s.id + " has no DnsConfig to update.");
      }
      std::set<std::string> before, after;
      for (const auto& r : s.dns_records) {
        before.insert(r.type);
      }
      read_dns_records(s, change.at("DnsConfig").at("DnsRecords"));
      for (const auto& r : s.dns_records) {
        after.insert(r.type);
      }
      if (before != after) {
        throw invalid_input("UpdateService can change the TTL of the records, not their types.");
      }
    }
    if (api::has(change, "HealthCheckConfig")) {
      if (!s.health_check_config.is_object()) {
        throw invalid_input("The service " + s.id + " has no HealthCheckConfig to update.");
      }
      s.health_check_config = change.at("HealthCheckConfig");
    }
    store::put_cloudmap_service(ctx.db, s);
    return json{
        {"OperationId", record_operation(ctx, opts, "UPDATE_SERVICE", {{"SERVICE", s.id}})}};
  });
}

json delete_service(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto s = service_of(ctx, api::str(input, "Id"));
    if (instance_count(ctx, s) > 0) {
      throw service_error("ResourceInUse", "The service " + s.id +
                                               " has registered instances: deregister them "
                                               "first.");
    }
    store::delete_cloudmap_service(ctx.db, s.id);
    store::drop_tags(ctx.db, s.arn);
  });
  return json::object();
}

// Service attributes (UpdateServiceAttributes): up to 30 custom key/value pairs.
json get_service_attributes(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    return json{{"ServiceAttributes",
                 {{"ServiceArn", s.arn}, {"Attributes", render_attributes(s.attributes)}}}};
  });
}

json update_service_attributes(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    for (const auto& [k, v] : input.at("Attributes").items()) {
      s.attributes[k] = v.get<std::string>();
    }
    if (s.attributes.size() > 30) {
      throw service_error("ServiceAttributesLimitExceededException",
                          "A service can have at most 30 attributes.");
    }
    store::put_cloudmap_service(ctx.db, s);
  });
  return json::object();
}

json delete_service_attributes(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    for (const auto& k : api::str_list(input, "Attributes")) {
      s.attributes.erase(k);
    }
    store::put_cloudmap_service(ctx.db, s);
  });
  return json::object();
}

}  // namespace

void add_service_handlers(api::handler_table& table, const options& opts) {
  table.add("CreateService", create_service);
  table.add("GetService", get_service);
  table.add("ListServices", list_services);
  table.add("UpdateService", [opts](api::request_context& ctx, const json& input) {
    return update_service(ctx, input, opts);
  });
  table.add("DeleteService", delete_service);
  table.add("GetServiceAttributes", get_service_attributes);
  table.add("UpdateServiceAttributes", update_service_attributes);
  table.add("DeleteServiceAttributes", delete_service_attributes);
}

}  // namespace minecs::servicediscovery
