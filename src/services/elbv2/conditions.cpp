// Rule conditions (see conditions.hpp). A rule has at least one condition and at most five
// condition values in all; host-header, path-pattern, http-request-method and source-ip appear
// at most once, http-header and query-string may repeat. Regular expression conditions are
// refused (minecs has no matcher for them yet).
#include "conditions.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "errors.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/ipv4.hpp"

namespace minecs::elbv2 {

namespace {

constexpr std::size_t max_condition_values = 5;
constexpr std::size_t max_value_length = 128;

const char* config_member(const std::string& field) {
  if (field == "path-pattern") {
    return "PathPatternConfig";
  }
  if (field == "host-header") {
    return "HostHeaderConfig";
  }
  if (field == "http-header") {
    return "HttpHeaderConfig";
  }
  if (field == "http-request-method") {
    return "HttpRequestMethodConfig";
  }
  if (field == "query-string") {
    return "QueryStringConfig";
  }
  if (field == "source-ip") {
    return "SourceIpConfig";
  }
  return nullptr;
}

void check_value(const std::string& field, const std::string& value) {
  if (value.empty() || value.size() > max_value_length) {
    throw validation_error("A '" + field + "' condition value must have 1 to 128 characters");
  }
  if (field == "http-request-method" &&
      !std::all_of(value.begin(), value.end(),
                   [](unsigned char c) { return std::isupper(c) != 0 || c == '_' || c == '-'; })) {
    throw validation_error("HTTP request method '" + value +
                           "' may only contain A-Z, hyphens (-) and underscores (_)");
  }
  if (field == "source-ip" && !parse_ipv4_subnet(value, false)) {
    throw validation_error("Source IP '" + value + "' is not a valid IPv4 CIDR block");
  }
}

store::elbv2_condition read_condition(const json& in) {
  store::elbv2_condition c;
  c.field = api::str(in, "Field");
  const char* member = config_member(c.field);
  if (member == nullptr) {
    throw validation_error("Condition field '" + c.field +
                           "' is not valid. Valid values are path-pattern, host-header, "
                           "http-header, http-request-method, query-string and source-ip");
  }
  if (api::has(in, "RegexValues")) {
    throw validation_error("minecs does not support regular expression conditions");
  }
  bool legacy = api::has(in, "Values");
  bool configured = api::has(in, member);
  if (legacy && configured) {
    throw validation_error("A condition can have Values or " + std::string(member) + ", not both");
  }
  if (legacy && c.field != "path-pattern" && c.field != "host-header") {
    throw validation_error("Condition field '" + c.field + "' must use " + member);
  }
  if (!legacy && !configured) {
    throw validation_error("A '" + c.field + "' condition must have " + member);
  }
  c.legacy_values = legacy;
  const json& config = legacy ? in : in.at(member);
  if (api::has(config, "RegexValues")) {
    throw validation_error("minecs does not support regular expression conditions");
  }
  if (c.field == "query-string") {
    const json none = json::array();
    for (const auto& pair : api::member_or(config, "Values", none)) {
      store::elbv2_key_value kv{api::str(pair, "Key"), api::str(pair, "Value")};
      if (kv.value.empty()) {
        throw validation_error("A query-string condition value must have a Value");
      }
      c.queries.push_back(std::move(kv));
    }
  } else {
    c.values = api::str_list(config, "Values");
    for (const auto& v : c.values) {
      check_value(c.field, v);
    }
  }
  if (c.field == "http-header") {
    c.header_name = api::str(config, "HttpHeaderName");
    if (c.header_name.empty() || c.header_name.size() > 40) {
      throw validation_error(
          "An http-header condition must have an HttpHeaderName of 1 to 40 "
          "characters");
    }
  }
  if (c.values.empty() && c.queries.empty()) {
    throw validation_error("A '" + c.field + "' condition must have at least one value");
  }
  return c;
}

}  // namespace

std::vector<store::elbv2_condition> read_conditions(const json& list) {
  std::vector<store::elbv2_condition> out;
  std::set<std::string> once;
  std::size_t values = 0;
  for (const auto& in : list) {
    auto c = read_condition(in);
    bool repeatable = c.field == "http-header" || c.field == "query-string";
    if (!repeatable && !once.insert(c.field).second) {
      throw validation_error("A rule can have only one '" + c.field + "' condition");
    }
    values += c.values.size() + c.queries.size();
    out.push_back(std::move(c));
  }
  if (out.empty()) {
    throw validation_error("A rule must have at least one condition");
  }
  if (values > max_condition_values) {
    throw validation_error("A rule can have at most 5 condition values");
  }
  return out;
}

json render_conditions(const std::vector<store::elbv2_condition>& conditions) {
  json out = json::array();
  for (const auto& c : conditions) {
    json item = {{"Field", c.field}};
    json values = c.values;
    if (c.legacy_values) {
      item["Values"] = values;
    }
    if (c.field == "query-string") {
      json pairs = json::array();
      for (const auto& kv : c.queries) {
        json pair = {{"Value", kv.value}};
        if (!kv.key.empty()) {
          pair["Key"] = kv.key;
        }
        pairs.push_back(std::move(pair));
      }
      item["QueryStringConfig"] = {{"Values", std::move(pairs)}};
    } else if (c.field == "http-header") {
      item["HttpHeaderConfig"] = {{"HttpHeaderName", c.header_name}, {"Values", values}};
    } else {
      item[config_member(c.field)] = {{"Values", values}};
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace minecs::elbv2
