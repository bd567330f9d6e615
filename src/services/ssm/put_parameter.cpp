#include <algorithm>
#include <regex>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ssm {

namespace {

std::vector<store::tag> tags_from_list(const json& input) {
  std::vector<store::tag> out;
  for (const auto& t : api::member_or(input, "Tags", no_items())) {
    out.push_back({api::str(t, "Key"), api::str(t, "Value")});
  }
  return out;
}

// The tier a version is stored in: Intelligent-Tiering picks Standard while the value fits it.
std::string effective_tier(const std::string& asked, const std::string& value,
                           const std::string& current) {
  if (asked == "Intelligent-Tiering") {
    return value.size() > standard_value_limit || current == "Advanced" ? "Advanced" : "Standard";
  }
  return asked;
}

void check_value(const store::ssm_parameter_version& v, const std::string& current_tier) {
  if (v.value.empty()) {
    throw validation(
        "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member "
        "must have length greater than or equal to 1");
  }
  if (current_tier == "Advanced" && v.tier == "Standard") {
    throw validation(
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from "
        "the advanced-parameter tier to the standard-parameter tier. If necessary, you can "
        "delete the advanced parameter and recreate it as a standard parameter.");
  }
  if (v.tier == "Standard" && v.value.size() > standard_value_limit) {
    throw validation(
        "Standard tier parameters support a maximum parameter value of 4096 characters. To "
        "create a larger parameter value, upgrade the parameter to use the advanced-parameter "
        "tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/"
        "userguide/parameter-store-advanced-parameters.html");
  }
  if (v.value.size() > advanced_value_limit) {
    throw validation(
        "Advanced tier parameters support a maximum parameter value of 8192 "
        "characters.");
  }
  if (v.data_type != "text" && v.data_type != "aws:ec2:image" &&
      v.data_type != "aws:ssm:integration") {
    throw validation("The following data type is not supported: " + v.data_type +
                     " (Data type names are all lowercase.)");
  }
  if (v.data_type != "text" && v.type != "String") {
    throw validation("The " + v.data_type + " data type is only supported for String parameters.");
  }
  if (v.allowed_pattern.empty()) {
    return;
  }
  std::regex pattern;
  try {
    pattern = std::regex(v.allowed_pattern);
  } catch (const std::regex_error&) {
    throw service_error("InvalidAllowedPatternException",
                        "The allowed pattern " + v.allowed_pattern + " is not valid.");
  }
  if (!std::regex_search(v.value, pattern)) {
    throw service_error(
        "ParameterPatternMismatchException",
        "Parameter value, cannot be validated against allowedPattern: " + v.allowed_pattern);
  }
}

// Makes room for one more version: the oldest goes, unless a label still names it.
void drop_oldest_if_full(store::ssm_parameter& p) {
  if (p.versions.size() < max_versions) {
    return;
  }
  if (!p.versions.front().labels.empty()) {
    throw service_error(
        "ParameterMaxVersionLimitExceeded",
        "You attempted to create a new version of " + p.name +
            " by calling the PutParameter API with the overwrite flag. Version " +
            std::to_string(p.versions.front().version) +
            ", the oldest version, can't be deleted because it has a label associated with it. "
            "Move the label to another version of the parameter, and try again.");
  }
  p.versions.erase(p.versions.begin());
}

json put_parameter(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "Name");
  check_name(name);
  bool overwrite = api::boolean(input, "Overwrite");
  auto tags = tags_from_list(input);
  if (overwrite && !tags.empty()) {
    throw validation(
        "Invalid request: tags and overwrite can't be used together. To create a parameter with "
        "tags, please remove overwrite flag. To update tags for an existing parameter, please "
        "use AddTagsToResource or RemoveTagsFromResource.");
  }
  if (tags.size() > store::max_tags_per_resource) {
    throw service_error("TooManyTagsError", "The Tags parameter has too many tags.");
  }
  return ctx.db.write([&] {
    auto existing = store::find_ssm_parameter(ctx.db, ctx.scope.region, name);
    if (existing && !overwrite) {
      throw service_error("ParameterAlreadyExists",
                          "The parameter already exists. To overwrite this value, set the "
                          "overwrite option in the request to true.");
    }
    if (!existing && !api::has(input, "Type")) {
      throw validation("A parameter type is required when you create a parameter.");
    }
    store::ssm_parameter p;
    const store::ssm_parameter_version* prior = nullptr;
    if (existing) {
      p = *existing;
      prior = &p.latest();
    } else {
      p.region = ctx.scope.region;
      p.name = name;
    }
    store::ssm_parameter_version v;
    v.value = api::str(input, "Value");
    // An overwrite keeps what it does not restate, as SSM does.
    v.type = api::str(input, "Type", prior ? prior->type : "String");
    v.description = api::str(input, "Description", prior ? prior->description : "");
    v.allowed_pattern = api::str(input, "AllowedPattern", prior ? prior->allowed_pattern : "");
    v.data_type = api::str(input, "DataType", prior ? prior->data_type : "text");
    auto current_tier = prior ? prior->tier : std::string("Standard");
    v.tier = effective_tier(api::str(input, "Tier", current_tier), v.value, current_tier);
    if (v.type == "SecureString") {
      v.key_id = api::str(input, "KeyId",
                          prior && !prior->key_id.empty() ? prior->key_id : default_key_id);
    } else if (api::has(input, "KeyId")) {
      throw validation("KeyId is required for SecureString type parameter only.");
    }
    check_value(v, current_tier);
    v.version = prior ? prior->version + 1 : 1;
    v.modified = now_seconds(ctx);
    drop_oldest_if_full(p);
    p.versions.push_back(v);
    store::ssm_parameter_version stored = p.latest();
    store::put_ssm_parameter(ctx.db, p);
    if (!tags.empty()) {
      store::put_tags(ctx.db, parameter_arn(ctx.scope, name), tags);
    }
    return json{{"Version", stored.version}, {"Tier", stored.tier}};
  });
}

}  // namespace

void add_put_parameter_handler(api::handler_table& table) {
  table.add("PutParameter", put_parameter);
}

}  // namespace minecs::ssm
