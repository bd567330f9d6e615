// The catalogue of VPC endpoint services and their prefix lists, with
// DescribeVpcEndpointServices and DescribePrefixLists.
#include "endpoint_services.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "describe.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ec2 {

namespace {

struct endpoint_catalogue_entry {
  std::string_view short_name;
  bool gateway;
  bool interface;
  // The service's hostname under the region, "<region>" standing for it; empty: <short>.<region>.
  std::string_view dns_pattern;
};

// The gateway services and the interface services ECS stacks make endpoints for (image pulls,
// logs, secrets, SSM, STS, the ECS agent's endpoints), in name order.
constexpr std::array<endpoint_catalogue_entry, 17> endpoint_catalogue = {{
    {"dynamodb", true, false, ""},
    {"ec2", false, true, ""},
    {"ec2messages", false, true, ""},
    {"ecr.api", false, true, "api.ecr.<region>"},
    {"ecr.dkr", false, true, "*.dkr.ecr.<region>"},
    {"ecs", false, true, ""},
    {"ecs-agent", false, true, ""},
    {"ecs-telemetry", false, true, ""},
    {"elasticloadbalancing", false, true, ""},
    {"kms", false, true, ""},
    {"logs", false, true, ""},
    {"monitoring", false, true, ""},
    {"s3", true, true, ""},
    {"secretsmanager", false, true, ""},
    {"ssm", false, true, ""},
    {"ssmmessages", false, true, ""},
    {"sts", false, true, ""},
}};

// The documentation ranges of RFC 5737, one per gateway service.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> gateway_service_cidrs = {{
    {"dynamodb", "203.0.113.0/24"},
    {"s3", "198.51.100.0/24"},
}};

endpoint_service endpoint_service_of(const std::string& region, const endpoint_catalogue_entry& e) {
  endpoint_service s;
  s.short_name = std::string(e.short_name);
  s.name = "com.amazonaws." + region + "." + s.short_name;
  s.gateway = e.gateway;
  s.interface = e.interface;
  if (e.interface) {
    std::string host =
        e.dns_pattern.empty() ? s.short_name + ".<region>" : std::string(e.dns_pattern);
    host.replace(host.find("<region>"), 8, region);
    s.private_dns_name = host + ".amazonaws.com";
  }
  return s;
}

// FNV-1a: a prefix list id that stays the same for a region and service across restarts.
std::string prefix_list_id(const std::string& name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) {
    h = (h ^ c) * 16777619u;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "pl-%08x", h);
  return buf;
}

json render_service_detail(api::request_context& ctx, const endpoint_service& s,
                           const std::string& type) {
  json zones = json::array();
  for (const auto& z : zones_of(ctx.scope.region)) {
    zones.push_back(z.name);
  }
  json out{{"ServiceName", s.name},
           {"ServiceId", "vpce-svc-" + prefix_list_id(s.name + type).substr(3) + "0000000000"},
           {"ServiceType", json::array({{{"ServiceType", type}}})},
           {"AvailabilityZones", zones},
           {"Owner", "amazon"},
           {"BaseEndpointDnsNames",
            json::array({s.short_name + "." + ctx.scope.region + ".vpce.amazonaws.com"})},
           {"VpcEndpointPolicySupported", true},
           {"AcceptanceRequired", false},
           {"ManagesVpcEndpoints", false},
           {"SupportedIpAddressTypes", json::array({"ipv4"})}};
  if (type == "Interface") {
    out["PrivateDnsName"] = s.private_dns_name;
    out["PrivateDnsNames"] = json::array({{{"PrivateDnsName", s.private_dns_name}}});
    out["PrivateDnsNameVerificationState"] = "verified";
  }
  return out;
}

json describe_vpc_endpoint_services(api::request_context& ctx, const json& input) {
  auto filters = parse_filters(input);
  auto names = api::str_list(input, "ServiceNames");
  filter_fields known{{"owner", {}},
                      {"service-name", {}},
                      {"service-region", {}},
                      {"service-type", {}},
                      {"supported-ip-address-types", {}}};
  check_filter_names(filters, known);
  auto page = read_page_request(input, "DescribeVpcEndpointServices");
  auto services = endpoint_services(ctx.scope.region);
  for (const auto& name : names) {
    if (!find_endpoint_service(ctx.scope.region, name)) {
      throw ec2_error("InvalidServiceName",
                      "The Vpc Endpoint Service '" + name + "' does not exist");
    }
  }
  // Paged by name and type: S3 is both a Gateway and an Interface service.
  std::vector<keyed_item> details;
  for (const auto& s : services) {
    if (!names.empty() && std::find(names.begin(), names.end(), s.name) == names.end()) {
      continue;
    }
    for (const char* type : {"Gateway", "Interface"}) {
      if ((type[0] == 'G' && !s.gateway) || (type[0] == 'I' && !s.interface)) {
        continue;
      }
      filter_fields fields{{"owner", {"amazon"}},
                           {"service-name", {s.name}},
                           {"service-region", {ctx.scope.region}},
                           {"service-type", {type}},
                           {"supported-ip-address-types", {"ipv4"}}};
      if (!filters_match(filters, fields, {})) {
        continue;
      }
      details.emplace_back(s.name + "/" + type, render_service_detail(ctx, s, type));
    }
  }
  json out = json::object();
  write_page(out, "ServiceDetails", std::move(details), page);
  json service_names = json::array();
  for (const auto& d : out["ServiceDetails"]) {
    if (service_names.empty() || service_names.back() != d["ServiceName"]) {
      service_names.push_back(d["ServiceName"]);
    }
  }
  out["ServiceNames"] = service_names;
  return out;
}

json describe_prefix_lists(api::request_context& ctx, const json& input) {
  auto filters = parse_filters(input);
  auto ids = api::str_list(input, "PrefixListIds");
  check_filter_names(filters, {{"prefix-list-id", {}}, {"prefix-list-name", {}}});
  auto page = read_page_request(input, "DescribePrefixLists");
  auto lists = prefix_lists(ctx.scope.region);
  for (const auto& id : ids) {
    if (std::none_of(lists.begin(), lists.end(), [&](const auto& l) { return l.id == id; })) {
      throw ec2_error("InvalidPrefixListID.NotFound",
                      "The prefix list ID '" + id + "' does not exist");
    }
  }
  std::vector<keyed_item> items;
  for (const auto& l : lists) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), l.id) == ids.end()) {
      continue;
    }
    if (!filters_match(filters, {{"prefix-list-id", {l.id}}, {"prefix-list-name", {l.name}}}, {})) {
      continue;
    }
    items.emplace_back(
        l.id, json{{"PrefixListId", l.id}, {"PrefixListName", l.name}, {"Cidrs", l.cidrs}});
  }
  json out = json::object();
  write_page(out, "PrefixLists", std::move(items), page);
  return out;
}

}  // namespace

std::vector<endpoint_service> endpoint_services(const std::string& region) {
  std::vector<endpoint_service> out;
  out.reserve(endpoint_catalogue.size());
  for (const auto& e : endpoint_catalogue) {
    out.push_back(endpoint_service_of(region, e));
  }
  return out;
}

std::optional<endpoint_service> find_endpoint_service(const std::string& region,
                                                      std::string_view name) {
  for (const auto& e : endpoint_catalogue) {
    auto s = endpoint_service_of(region, e);
    if (s.name == name) {
      return s;
    }
  }
  return std::nullopt;
}

std::vector<prefix_list> prefix_lists(const std::string& region) {
  std::vector<prefix_list> out;
  out.reserve(gateway_service_cidrs.size());
  for (const auto& [service, cidr] : gateway_service_cidrs) {
    std::string name = "com.amazonaws." + region + "." + std::string(service);
    out.push_back({prefix_list_id(name), name, {std::string(cidr)}});
  }
  return out;
}

std::optional<prefix_list> prefix_list_of(const std::string& region, std::string_view service) {
  for (auto& l : prefix_lists(region)) {
    if (l.name == service) {
      return l;
    }
  }
  return std::nullopt;
}

void add_endpoint_service_handlers(api::handler_table& table) {
  add_handler(table, "DescribeVpcEndpointServices", describe_vpc_endpoint_services);
  add_handler(table, "DescribePrefixLists", describe_prefix_lists);
}

}  // namespace minecs::ec2
