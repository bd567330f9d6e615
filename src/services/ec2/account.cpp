// DescribeAccountAttributes, and DescribeNetworkInterfaces while minecs makes no network
// interfaces of its own (a region has none to describe).
#include <algorithm>
#include <array>
#include <utility>

#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "paging.hpp"

namespace minecs::ec2 {

namespace {

json describe_account_attributes(api::request_context& ctx, const json& input) {
  auto vpc = ctx.db.read([&] { return default_vpc(ctx); });
  const std::array<std::pair<std::string, std::string>, 6> attributes = {{
      {"supported-platforms", "VPC"},
      {"default-vpc", vpc ? vpc->id : "none"},
      {"max-instances", "20"},
      {"vpc-max-security-groups-per-interface", "5"},
      {"max-elastic-ips", "5"},
      {"vpc-max-elastic-ips", "5"},
  }};
  auto names = api::str_list(input, "AttributeNames");
  for (const auto& name : names) {
    if (name != "supported-platforms" && name != "default-vpc") {
      throw invalid_value(name, "attributeName",
                          "Valid values are supported-platforms and default-vpc.");
    }
  }
  json out{{"AccountAttributes", json::array()}};
  for (const auto& [name, value] : attributes) {
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
      continue;
    }
    out["AccountAttributes"].push_back(
        {{"AttributeName", name}, {"AttributeValues", json::array({{{"AttributeValue", value}}})}});
  }
  return out;
}

json describe_network_interfaces(api::request_context&, const json& input) {
  auto page = read_page_request(input, "DescribeNetworkInterfaces");
  auto ids = api::str_list(input, "NetworkInterfaceIds");
  if (!ids.empty()) {
    throw ec2_error("InvalidNetworkInterfaceID.NotFound",
                    "The networkInterface ID '" + ids.front() + "' does not exist");
  }
  json out = json::object();
  write_page(out, "NetworkInterfaces", {}, page);
  return out;
}

}  // namespace

void add_account_handlers(api::handler_table& table) {
  add_handler(table, "DescribeAccountAttributes", describe_account_attributes);
  add_handler(table, "DescribeNetworkInterfaces", describe_network_interfaces);
}

}  // namespace minecs::ec2
