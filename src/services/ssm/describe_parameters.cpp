#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ssm {

namespace {

// The older Filters member (Key Name, Type or KeyId) as ParameterFilters entries.
std::vector<string_filter> legacy_filters(const json& input) {
  std::vector<string_filter> out;
  for (const auto& f : api::member_or(input, "Filters", no_items())) {
    auto key = api::str(f, "Key");
    // Names match by prefix there, as the older API did.
    out.push_back({key, key == "Name" ? "BeginsWith" : "Equals", api::str_list(f, "Values")});
  }
  return out;
}

json describe_parameters(api::request_context& ctx, const json& input) {
  if (api::has(input, "Filters") && api::has(input, "ParameterFilters")) {
    throw validation("You can use either Filters or ParameterFilters in a single request.");
  }
  auto filters =
      api::has(input, "Filters")
          ? legacy_filters(input)
          : read_filters(input, {"Name", "Type", "KeyId", "Path", "Tier", "DataType", "Label"});
  auto limit = api::opt_int(input, "MaxResults").value_or(50);
  return filtered_page(ctx, input, "DescribeParameters", filters, limit,
                       [&](const store::ssm_parameter& p) { return render_metadata(ctx, p); });
}

json get_parameter_history(api::request_context& ctx, const json& input) {
  auto ref = parse_reference(ctx, api::str(input, "Name"), false);
  bool decrypt = api::boolean(input, "WithDecryption");
  auto limit = api::opt_int(input, "MaxResults").value_or(50);
  auto after = token_position(input, "GetParameterHistory");
  return ctx.db.read([&] {
    auto p = find_parameter(ctx, ref);
    if (!p) {
      throw parameter_not_found(ref.name);
    }
    json out{{"Parameters", json::array()}};
    std::int64_t last = 0;
    for (const auto& v : p->versions) {
      if (after.is_number_integer() && v.version <= after.get<std::int64_t>()) {
        continue;
      }
      if (static_cast<long long>(out["Parameters"].size()) == limit) {
        out["NextToken"] = next_token("GetParameterHistory", last);
        break;
      }
      out["Parameters"].push_back(render_history(ctx, *p, v, decrypt));
      last = v.version;
    }
    return out;
  });
}

}  // namespace

void add_describe_handlers(api::handler_table& table) {
  table.add("DescribeParameters", describe_parameters);
  table.add("GetParameterHistory", get_parameter_history);
}

}  // namespace minecs::ssm
