#include <algorithm>
#include <cctype>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ssm {

namespace {

// Letters, digits, '.', '-' and '_'; not starting with a digit, "aws" or "ssm".
bool valid_label(const std::string& label) {
  if (label.empty() || std::isdigit(static_cast<unsigned char>(label[0]))) {
    return false;
  }
  std::string lower = label.substr(0, 3);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "aws" || lower == "ssm") {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

json label_parameter_version(api::request_context& ctx, const json& input) {
  auto ref = parse_reference(ctx, api::str(input, "Name"), false);
  auto labels = api::str_list(input, "Labels");
  return ctx.db.write([&] {
    auto p = find_parameter(ctx, ref);
    if (!p) {
      throw parameter_not_found(ref.name);
    }
    auto asked = api::opt_int(input, "ParameterVersion");
    auto target = std::find_if(p->versions.begin(), p->versions.end(), [&](const auto& v) {
      return asked ? v.version == *asked : v.version == p->latest().version;
    });
    if (target == p->versions.end()) {
      throw service_error("ParameterVersionNotFound",
                          "Systems Manager could not find version " + std::to_string(*asked) +
                              " of " + ref.name + ". Verify the version and try again.");
    }
    json invalid = json::array();
    std::vector<std::string> valid;
    for (const auto& l : labels) {
      (valid_label(l) ? valid.push_back(l) : invalid.push_back(l));
    }
    for (const auto& l : valid) {
      // A label names one version: putting it on this one takes it off any other.
      for (auto& v : p->versions) {
        std::erase(v.labels, l);
      }
      target->labels.push_back(l);
    }
    if (target->labels.size() > max_labels_per_version) {
      throw service_error("ParameterVersionLabelLimitExceeded",
                          "A parameter version can have maximum 10 labels.Move one or more "
                          "labels to another version and try again.");
    }
    store::put_ssm_parameter(ctx.db, *p);
    return json{{"InvalidLabels", invalid}, {"ParameterVersion", target->version}};
  });
}

}  // namespace

void add_label_handler(api::handler_table& table) {
  table.add("LabelParameterVersion", label_parameter_version);
}

}  // namespace minecs::ssm
