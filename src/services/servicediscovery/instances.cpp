// Instances: what a service's DNS records are made of (AWS_INSTANCE_IPV4, _IPV6, _PORT, _CNAME)
// and custom attributes; their custom health, which the registrant reports.
#include <arpa/inet.h>

#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::servicediscovery {

namespace {

bool ipv4(const std::string& text) {
  in_addr a{};
  return inet_pton(AF_INET, text.c_str(), &a) == 1;
}

bool ipv6(const std::string& text) {
  in6_addr a{};
  return inet_pton(AF_INET6, text.c_str(), &a) == 1;
}

// The attributes a service's records need, as Cloud Map checks them on registration.
void check_attributes(const store::cloudmap_service& s,
                      const std::map<std::string, std::string>& a) {
  auto has = [&](const char* k) { return a.count(k) > 0; };
  if (has("AWS_INSTANCE_IPV4") && !ipv4(a.at("AWS_INSTANCE_IPV4"))) {
    throw invalid_input("AWS_INSTANCE_IPV4 is not a valid IPv4 address: " +
                        a.at("AWS_INSTANCE_IPV4"));
  }
  if (has("AWS_INSTANCE_IPV6") && !ipv6(a.at("AWS_INSTANCE_IPV6"))) {
    throw invalid_input("AWS_INSTANCE_IPV6 is not a valid IPv6 address: " +
                        a.at("AWS_INSTANCE_IPV6"));
  }
  if (has("AWS_INSTANCE_PORT")) {
    const auto& p = a.at("AWS_INSTANCE_PORT");
    bool digits = !p.empty() && p.size() <= 5 &&
                  std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stol(p) < 1 || std::stol(p) > 65535) {
      throw invalid_input("AWS_INSTANCE_PORT must be a port number from 1 to 65535: " + p);
    }
  }
  if ((s.has_record("A") || s.has_record("AAAA")) && !has("AWS_INSTANCE_IPV4") &&
      !has("AWS_INSTANCE_IPV6")) {
    throw invalid_input(
        "The service has A or AAAA records: AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6 is required.");
  }
  if (s.has_record("A") && !s.has_record("AAAA") && !has("AWS_INSTANCE_IPV4")) {
    throw invalid_input("The service has an A record: AWS_INSTANCE_IPV4 is required.");
  }
  if (s.has_record("SRV") && !has("AWS_INSTANCE_PORT")) {
    throw invalid_input("The service has an SRV record: AWS_INSTANCE_PORT is required.");
  }
  if (s.has_record("CNAME") && !has("AWS_INSTANCE_CNAME")) {
    throw invalid_input("The service has a CNAME record: AWS_INSTANCE_CNAME is required.");
  }
  if (has("AWS_INIT_HEALTH_STATUS")) {
    const auto& h = a.at("AWS_INIT_HEALTH_STATUS");
    if (!s.custom_health) {
      throw invalid_input(
          "AWS_INIT_HEALTH_STATUS is only valid for a service with HealthCheckCustomConfig.");
    }
    if (h != "HEALTHY" && h != "UNHEALTHY") {
      throw invalid_input("AWS_INIT_HEALTH_STATUS must be HEALTHY or UNHEALTHY: " + h);
    }
  }
  if (a.size() > 30) {
    throw invalid_input("An instance can have at most 30 attributes.");
  }
}

json register_instance(api::request_context& ctx, const json& input, const options& opts) {
  store::cloudmap_instance i;
  i.id = api::str(input, "InstanceId");
  i.creator_request_id = api::str(input, "CreatorRequestId");
  for (const auto& [k, v] : input.at("Attributes").items()) {
    i.attributes[k] = v.get<std::string>();
  }
  return ctx.db.write([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    i.service_id = s.id;
    auto before = store::find_cloudmap_instance(ctx.db, s.id, i.id);
    if (before && !i.creator_request_id.empty() &&
        before->creator_request_id == i.creator_request_id && before->attributes == i.attributes) {
      return json{{"OperationId", before->operation_id}};
    }
    check_attributes(s, i.attributes);
    i.health = i.attributes.count("AWS_INIT_HEALTH_STATUS") > 0
                   ? i.attributes.at("AWS_INIT_HEALTH_STATUS")
                   : "HEALTHY";
    i.registered = ctx.clock.now();
    i.operation_id =
        record_operation(ctx, opts, "REGISTER_INSTANCE", {{"SERVICE", s.id}, {"INSTANCE", i.id}});
    store::register_cloudmap_instance(ctx.db, s, i);
    return json{{"OperationId", i.operation_id}};
  });
}

json deregister_instance(api::request_context& ctx, const json& input, const options& opts) {
  return ctx.db.write([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    auto id = api::str(input, "InstanceId");
    if (!store::deregister_cloudmap_instance(ctx.db, s, id)) {
      throw instance_not_found(id);
    }
    return json{{"OperationId", record_operation(ctx, opts, "DEREGISTER_INSTANCE",
                                                 {{"SERVICE", s.id}, {"INSTANCE", id}})}};
  });
}

json get_instance(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    auto id = api::str(input, "InstanceId");
    auto i = store::find_cloudmap_instance(ctx.db, s.id, id);
    if (!i) {
      throw instance_not_found(id);
    }
    json instance = {{"Id", i->id},
                     {"Attributes", render_attributes(i->attributes)},
                     {"CreatedByAccount", ctx.scope.account}};
    if (!i->creator_request_id.empty()) {
      instance["CreatorRequestId"] = i->creator_request_id;
    }
    return json{{"Instance", instance}, {"ResourceOwner", ctx.scope.account}};
  });
}

json list_instances(api::request_context& ctx, const json& input) {
  auto start = page_start(input, "ListInstances");
  auto size = page_size(input, 100);
  return ctx.db.read([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    auto all = store::list_cloudmap_instances(ctx.db, s.id);
    json list = json::array();
    for (std::size_t i = start; i < all.size() && i < start + size; ++i) {
      list.push_back({{"Id", all[i].id},
                      {"Attributes", render_attributes(all[i].attributes)},
                      {"CreatedByAccount", ctx.scope.account}});
    }
    json out = {{"Instances", list}, {"ResourceOwner", ctx.scope.account}};
    if (start + size < all.size()) {
      out["NextToken"] = page_token("ListInstances", start + size);
    }
    return out;
  });
}

json get_instances_health_status(api::request_context& ctx, const json& input) {
  auto wanted = api::str_list(input, "Instances");
  auto start = page_start(input, "GetInstancesHealthStatus");
  auto size = page_size(input, 100);
  return ctx.db.read([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    std::vector<store::cloudmap_instance> chosen;
    if (wanted.empty()) {
      chosen = store::list_cloudmap_instances(ctx.db, s.id);
    } else {
      for (const auto& id : wanted) {
        auto i = store::find_cloudmap_instance(ctx.db, s.id, id);
        if (!i) {
          throw instance_not_found(id);
        }
        chosen.push_back(*i);
      }
    }
    json status = json::object();
    for (std::size_t i = start; i < chosen.size() && i < start + size; ++i) {
      status[chosen[i].id] = health_of(s, chosen[i]);
    }
    json out = {{"Status", status}};
    if (start + size < chosen.size()) {
      out["NextToken"] = page_token("GetInstancesHealthStatus", start + size);
    }
    return out;
  });
}

json update_custom_health(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto s = service_of(ctx, api::str(input, "ServiceId"));
    auto id = api::str(input, "InstanceId");
    auto i = store::find_cloudmap_instance(ctx.db, s.id, id);
    if (!i) {
      throw instance_not_found(id);
    }
    if (!s.custom_health) {
      throw service_error("CustomHealthNotFound",
                          "The service " + s.id + " has no HealthCheckCustomConfig.");
    }
    auto status = api::str(input, "Status");
    if (i->health != status) {
      i->health = status;
      store::register_cloudmap_instance(ctx.db, s, *i);
    }
  });
  return json::object();
}

}  // namespace

void add_instance_handlers(api::handler_table& table, const options& opts) {
  table.add("RegisterInstance", [opts](api::request_context& ctx, const json& input) {
    return register_instance(ctx, input, opts);
  });
  table.add("DeregisterInstance", [opts](api::request_context& ctx, const json& input) {
    return deregister_instance(ctx, input, opts);
  });
  table.add("GetInstance", get_instance);
  table.add("ListInstances", list_instances);
  table.add("GetInstancesHealthStatus", get_instances_health_status);
  table.add("UpdateInstanceCustomHealthStatus", update_custom_health);
}

}  // namespace minecs::servicediscovery
