// Availability zones (see zones.hpp) and DescribeAvailabilityZones.
#include "zones.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "filters.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ec2 {

namespace {

constexpr std::string_view zone_letters = "abc";

std::string abbreviate(std::string_view part) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> words = {{
      {"northeast", "ne"},
      {"northwest", "nw"},
      {"southeast", "se"},
      {"southwest", "sw"},
      {"north", "n"},
      {"south", "s"},
      {"east", "e"},
      {"west", "w"},
      {"central", "c"},
      {"gov", "g"},
  }};
  for (const auto& [word, code] : words) {
    if (part == word) {
      return std::string(code);
    }
  }
  return std::string(part);
}

filter_fields zone_fields(const std::string& region, const zone& z) {
  return {{"zone-name", {z.name}},
          {"zone-id", {z.id}},
          {"region-name", {region}},
          {"group-name", {region + "-zg-1"}},
          {"group-long-name", {}},
          {"message", {}},
          {"opt-in-status", {"opt-in-not-required"}},
          {"parent-zone-id", {}},
          {"parent-zone-name", {}},
          {"state", {"available"}},
          {"zone-type", {"availability-zone"}}};
}

json render_zone(const std::string& region, const zone& z) {
  return {{"ZoneName", z.name},
          {"ZoneId", z.id},
          {"RegionName", region},
          {"State", "available"},
          {"OptInStatus", "opt-in-not-required"},
          {"Messages", json::array()},
          {"GroupName", region + "-zg-1"},
          {"NetworkBorderGroup", region},
          {"ZoneType", "availability-zone"}};
}

json describe_availability_zones(api::request_context& ctx, const json& input) {
  const auto& region = ctx.scope.region;
  auto filters = parse_filters(input);
  check_filter_names(filters, zone_fields(region, zone{}));
  auto names = api::str_list(input, "ZoneNames");
  auto ids = api::str_list(input, "ZoneIds");
  for (const auto* list : {&names, &ids}) {
    for (const auto& wanted : *list) {
      if (!find_zone(region, wanted)) {
        throw invalid_parameter_value("Invalid availability zone: [" + wanted + "]");
      }
    }
  }
  json out{{"AvailabilityZones", json::array()}};
  for (const auto& z : zones_of(region)) {
    bool named = std::find(names.begin(), names.end(), z.name) != names.end() ||
                 std::find(ids.begin(), ids.end(), z.id) != ids.end();
    if ((!names.empty() || !ids.empty()) && !named) {
      continue;
    }
    if (filters_match(filters, zone_fields(region, z), {})) {
      out["AvailabilityZones"].push_back(render_zone(region, z));
    }
  }
  return out;
}

}  // namespace

std::string region_code(const std::string& region) {
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (start <= region.size()) {
    auto dash = region.find('-', start);
    auto part = std::string_view(region).substr(
        start, dash == std::string::npos ? std::string::npos : dash - start);
    out += first ? std::string(part) : abbreviate(part);
    first = false;
    if (dash == std::string::npos) {
      break;
    }
    start = dash + 1;
  }
  return out;
}

std::vector<zone> zones_of(const std::string& region) {
  std::vector<zone> out;
  auto code = region_code(region);
  for (std::size_t i = 0; i < zone_letters.size(); ++i) {
    out.push_back({region + zone_letters[i], code + "-az" + std::to_string(i + 1)});
  }
  return out;
}

std::optional<zone> find_zone(const std::string& region, const std::string& name_or_id) {
  for (const auto& z : zones_of(region)) {
    if (z.name == name_or_id || z.id == name_or_id) {
      return z;
    }
  }
  return std::nullopt;
}

void add_zone_handlers(api::handler_table& table) {
  add_handler(table, "DescribeAvailabilityZones", describe_availability_zones);
}

}  // namespace minecs::ec2
