// Namespaces: private DNS (in a VPC), public DNS and HTTP. Creating one answers an operation; the
// namespace exists at once, the operation reports SUCCESS shortly after (FAIL when a private
// namespace's name overlaps another's in the same VPC, as Route 53 refuses the hosted zone).
#include <algorithm>
#include <cctype>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/ec2_records.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::servicediscovery {

namespace {

using store::cloudmap_namespace_type;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!s.empty() && s.back() == '.') {
    s.pop_back();
  }
  return s;
}

bool within(const std::string& name, const std::string& zone) {
  return name == zone || (name.size() > zone.size() && name.ends_with(zone) &&
                          name[name.size() - zone.size() - 1] == '.');
}

// Whether two namespaces may not share their name: HTTP names are unique in the region, public
// DNS names among public ones, private ones within their VPC.
bool same_space(const store::cloudmap_namespace& a, const store::cloudmap_namespace& b) {
  if (a.type == cloudmap_namespace_type::http || b.type == cloudmap_namespace_type::http) {
    return true;
  }
  if (a.type != b.type) {
    return false;
  }
  return a.type == cloudmap_namespace_type::dns_public || a.vpc == b.vpc;
}

long service_count(api::request_context& ctx, const store::cloudmap_namespace& n) {
  return static_cast<long>(store::list_cloudmap_services(ctx.db, n.region, n.id).size());
}

std::string hosted_zone_id(api::request_context& ctx) {
  auto id = new_id(ctx, "Z");
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return id;
}

json create_namespace(api::request_context& ctx, const json& input, const options& opts,
                      cloudmap_namespace_type type) {
  store::cloudmap_namespace n;
  n.region = ctx.scope.region;
  n.name = api::str(input, "Name");
  n.type = type;
  n.description = api::str(input, "Description");
  n.creator_request_id = api::str(input, "CreatorRequestId");
  if (type == cloudmap_namespace_type::dns_private) {
    n.vpc = api::str(input, "Vpc");
  }
  auto soa = input.value("/Properties/DnsProperties/SOA/TTL"_json_pointer, json());
  if (type == cloudmap_namespace_type::http && !soa.is_null()) {
    throw invalid_input("An HTTP namespace has no DNS properties.");
  }
  if (soa.is_number_integer()) {
    n.soa_ttl = soa.get<std::int64_t>();
  }
  return ctx.db.write([&] {
    if (type == cloudmap_namespace_type::dns_private &&
        !store::find_ec2<store::ec2_vpc>(ctx.db, ctx.scope.region, n.vpc) &&
        opts.unknown_network_ids == ec2::unknown_network_ids::reject) {
      throw invalid_input("The VPC " + n.vpc + " does not exist.");
    }
    bool overlaps = false;
    for (const auto& other : store::list_cloudmap_namespaces(ctx.db, ctx.scope.region)) {
      if (!same_space(n, other)) {
        continue;
      }
      if (lower(other.name) == lower(n.name)) {
        if (!n.creator_request_id.empty() && other.creator_request_id == n.creator_request_id &&
            other.type == n.type) {
          return json{{"OperationId", other.operation_id}};
        }
        throw service_error("NamespaceAlreadyExists",
                            "Namespace with name " + n.name + " already exists.");
      }
      overlaps |=
          type == cloudmap_namespace_type::dns_private &&
          other.type == cloudmap_namespace_type::dns_private &&
          (within(lower(n.name), lower(other.name)) || within(lower(other.name), lower(n.name)));
    }
    n.id = new_id(ctx, "ns-");
    n.arn = namespace_arn(ctx.scope, n.id);
    n.created = ctx.clock.now();
    if (n.dns()) {
      n.hosted_zone_id = hosted_zone_id(ctx);
    }
    if (overlaps) {
      auto id = record_operation(
          ctx, opts, "CREATE_NAMESPACE", {{"NAMESPACE", n.id}},
          store::cloudmap_operation_status::fail, "CANNOT_CREATE_HOSTED_ZONE",
          "The hosted zone for " + n.name +
              " overlaps a namespace's hosted zone in the same VPC (ConflictingDomainExists).");
      return json{{"OperationId", id}};
    }
    n.operation_id = record_operation(ctx, opts, "CREATE_NAMESPACE", {{"NAMESPACE", n.id}});
    tag_new_resource(ctx, n.arn, input);
    store::put_cloudmap_namespace(ctx.db, n);
    return json{{"OperationId", n.operation_id}};
  });
}

json get_namespace(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto n = namespace_of(ctx, api::str(input, "Id"));
    return json{{"Namespace", render_namespace(n, service_count(ctx, n))}};
  });
}

bool matches(const store::cloudmap_namespace& n, const filter& f) {
  std::string value;
  if (f.name == "TYPE") {
    value = json(n.type).get<std::string>();
  } else if (f.name == "NAME" || f.name == "HTTP_NAME") {
    value = n.name;
  } else {
    throw invalid_input("Unknown namespace filter name: " + f.name);
  }
  if (f.condition == "BEGINS_WITH") {
    if (f.name == "TYPE") {
      throw invalid_input("The TYPE filter takes EQ or IN.");
    }
    return std::any_of(f.values.begin(), f.values.end(),
                       [&](const auto& v) { return value.starts_with(v); });
  }
  if (f.condition == "BETWEEN") {
    throw invalid_input("The " + f.name + " filter does not take BETWEEN.");
  }
  if (f.condition == "EQ" && f.values.size() != 1) {
    throw invalid_input("The EQ condition takes exactly one value.");
  }
  return std::find(f.values.begin(), f.values.end(), value) != f.values.end();
}

json list_namespaces(api::request_context& ctx, const json& input) {
  auto filters = read_filters(input);
  auto start = page_start(input, "ListNamespaces");
  auto size = page_size(input, 100);
  return ctx.db.read([&] {
    std::vector<store::cloudmap_namespace> chosen;
    for (const auto& n : store::list_cloudmap_namespaces(ctx.db, ctx.scope.region)) {
      if (std::all_of(filters.begin(), filters.end(),
                      [&](const auto& f) { return matches(n, f); })) {
        chosen.push_back(n);
      }
    }
    json list = json::array();
    for (std::size_t i = start; i < chosen.size() && i < start + size; ++i) {
      auto summary = render_namespace(chosen[i], service_count(ctx, chosen[i]));
      summary.erase("CreatorRequestId");
      list.push_back(summary);
    }
    json out = {{"Namespaces", list}};
    if (start + size < chosen.size()) {
      out["NextToken"] = page_token("ListNamespaces", start + size);
    }
    return out;
  });
}

json delete_namespace(api::request_context& ctx, const json& input, const options& opts) {
  return ctx.db.write([&] {
    auto n = namespace_of(ctx, api::str(input, "Id"));
    if (service_count(ctx, n) > 0) {
      throw service_error("ResourceInUse",
                          "The namespace " + n.id + " has services: delete them first.");
    }
    store::delete_cloudmap_namespace(ctx.db, n.id);
    store::drop_tags(ctx.db, n.arn);
    return json{
        {"OperationId", record_operation(ctx, opts, "DELETE_NAMESPACE", {{"NAMESPACE", n.id}})}};
  });
}

json update_namespace(api::request_context& ctx, const json& input, const options& opts,
                      cloudmap_namespace_type type) {
  return ctx.db.write([&] {
    auto n = namespace_of(ctx, api::str(input, "Id"));
    if (n.type != type) {
      throw invalid_input("The namespace " + n.id + " is of type " +
                          json(n.type).get<std::string>() + ".");
    }
    const auto& change = input.at("Namespace");
    if (api::has(change, "Description")) {
      n.description = api::str(change, "Description");
    }
    auto soa = change.value("/Properties/DnsProperties/SOA/TTL"_json_pointer, json());
    if (soa.is_number_integer()) {
      n.soa_ttl = soa.get<std::int64_t>();
    }
    store::put_cloudmap_namespace(ctx.db, n);
    return json{
        {"OperationId", record_operation(ctx, opts, "UPDATE_NAMESPACE", {{"NAMESPACE", n.id}})}};
  });
}

}  // namespace

void add_namespace_handlers(api::handler_table& table, const options& opts) {
  table.add("CreateHttpNamespace", [opts](api::request_context& ctx, const json& input) {
    return create_namespace(ctx, input, opts, cloudmap_namespace_type::http);
  });
  table.add("CreatePrivateDnsNamespace", [opts](api::request_context& ctx, const json& input) {
    return create_namespace(ctx, input, opts, cloudmap_namespace_type::dns_private);
  });
  table.add("CreatePublicDnsNamespace", [opts](api::request_context& ctx, const json& input) {
    return create_namespace(ctx, input, opts, cloudmap_namespace_type::dns_public);
  });
  table.add("GetNamespace", get_namespace);
  table.add("ListNamespaces", list_namespaces);
  table.add("DeleteNamespace", [opts](api::request_context& ctx, const json& input) {
    return delete_namespace(ctx, input, opts);
  });
  table.add("UpdateHttpNamespace", [opts](api::request_context& ctx, const json& input) {
    return update_namespace(ctx, input, opts, cloudmap_namespace_type::http);
  });
  table.add("UpdatePrivateDnsNamespace", [opts](api::request_context& ctx, const json& input) {
    return update_namespace(ctx, input, opts, cloudmap_namespace_type::dns_private);
  });
  table.add("UpdatePublicDnsNamespace", [opts](api::request_context& ctx, const json& input) {
    return update_namespace(ctx, input, opts, cloudmap_namespace_type::dns_public);
  });
}

}  // namespace minecs::servicediscovery
