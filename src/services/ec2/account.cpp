// DescribeAccountAttributes.
#include <algorithm>
#include <array>
#include <utility>

#include "handlers.hpp"
#include "minecs/api/input.hpp"

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

}  // namespace

void add_account_handlers(api::handler_table& table) {
  add_handler(table, "DescribeAccountAttributes", describe_account_attributes);
}

}  // namespace minecs::ec2
