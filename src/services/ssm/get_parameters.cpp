#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ssm {

namespace {

// The parameter and version a reference picks, or nullopt; inside a read.
std::optional<json> read_one(api::request_context& ctx, parameter_reference ref, bool decrypt) {
  auto p = find_parameter(ctx, ref);
  if (!p) {
    return std::nullopt;
  }
  const auto* v = select_version(*p, ref);
  if (v == nullptr) {
    return std::nullopt;
  }
  return render_parameter(ctx, *p, *v, decrypt, ref.selector);
}

json get_parameter(api::request_context& ctx, const json& input) {
  auto text = api::str(input, "Name");
  auto ref = parse_reference(ctx, text, true);
  bool decrypt = api::boolean(input, "WithDecryption");
  return ctx.db.read([&] {
    auto p = find_parameter(ctx, ref);
    if (!p) {
      throw parameter_not_found(ref.name);
    }
    const auto* v = select_version(*p, ref);
    if (v == nullptr) {
      if (ref.version) {
        throw service_error("ParameterVersionNotFound", "Systems Manager could not find version " +
                                                            std::to_string(*ref.version) + " of " +
                                                            ref.name +
                                                            ". Verify the version and try again.");
      }
      throw parameter_not_found(text);
    }
    return json{{"Parameter", render_parameter(ctx, *p, *v, decrypt, ref.selector)}};
  });
}

json get_parameters(api::request_context& ctx, const json& input) {
  auto names = api::str_list(input, "Names");
  bool decrypt = api::boolean(input, "WithDecryption");
  return ctx.db.read([&] {
    json out{{"Parameters", json::array()}, {"InvalidParameters", json::array()}};
    std::vector<std::string> seen;
    for (const auto& text : names) {
      // A name asked twice is answered once.
      if (std::find(seen.begin(), seen.end(), text) != seen.end()) {
        continue;
      }
      seen.push_back(text);
      auto found = read_one(ctx, parse_reference(ctx, text, true), decrypt);
      if (found) {
        out["Parameters"].push_back(std::move(*found));
      } else {
        out["InvalidParameters"].push_back(text);
      }
    }
    return out;
  });
}

json get_parameters_by_path(api::request_context& ctx, const json& input) {
  auto path = api::str(input, "Path");
  if (!path.starts_with('/')) {
    throw validation(
        "The parameter doesn't meet the parameter name requirements. The parameter "
        "name must begin with a forward slash \"/\".");
  }
  if (static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')) >
      max_hierarchy_levels + 1) {
    throw validation("The path has more than 15 levels of hierarchy.");
  }
  bool recursive = api::boolean(input, "Recursive");
  bool decrypt = api::boolean(input, "WithDecryption");
  auto filters = read_filters(input, {"Type", "KeyId", "Label"});
  for (const auto& f : filters) {
    if (f.key.starts_with("tag:")) {
      throw service_error("InvalidFilterKey",
                          "The following filter key is not valid: " + f.key +
                              ". Valid filter keys include: [Type, KeyId, Label].");
    }
  }
  // The path itself is a filter on the names, with the option Recursive asks for.
  filters.push_back({"Path", recursive ? "Recursive" : "OneLevel", {path}});
  auto limit = api::opt_int(input, "MaxResults").value_or(10);
  return filtered_page(
      ctx, input, "GetParametersByPath", filters, limit,
      [&](const store::ssm_parameter& p) { return render_parameter(ctx, p, p.latest(), decrypt); });
}

}  // namespace

void add_get_parameter_handlers(api::handler_table& table) {
  table.add("GetParameter", get_parameter);
  table.add("GetParameters", get_parameters);
  table.add("GetParametersByPath", get_parameters_by_path);
}

}  // namespace minecs::ssm
