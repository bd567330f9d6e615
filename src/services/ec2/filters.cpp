// The EC2 filter engine (see filters.hpp).
#include "filters.hpp"

#include <algorithm>

#include "errors.hpp"
#include "minecs/core/wildcard.hpp"

namespace minecs::ec2 {

namespace {

bool is_tag_filter(std::string_view name) {
  return name.starts_with("tag:") || name == "tag-key" || name == "tag-value";
}

// The values a tag filter sees: a key's value, every key, or every value.
std::vector<std::string> tag_values(std::string_view name, const std::vector<store::tag>& tags) {
  std::vector<std::string> out;
  for (const auto& t : tags) {
    if (name == "tag-key") {
      out.push_back(t.key);
    } else if (name == "tag-value" || name.substr(4) == t.key) {
      out.push_back(t.value);
    }
  }
  return out;
}

bool any_matches(const std::vector<std::string>& patterns, const std::vector<std::string>& values) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) {
    return std::any_of(values.begin(), values.end(), [&](const std::string& v) {
      return wildcard_match(p, v, {.backslash_escapes = true});
    });
  });
}

}  // namespace

std::vector<filter> parse_filters(const json& input, const char* member) {
  std::vector<filter> out;
  auto it = input.find(member);
  if (it == input.end() || it->is_null()) {
    return out;
  }
  for (const auto& f : *it) {
    filter parsed;
    parsed.name = f.value("Name", "");
    if (f.contains("Values") && f["Values"].is_array()) {
      parsed.values = f["Values"].get<std::vector<std::string>>();
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

void check_filter_names(const std::vector<filter>& filters, const filter_fields& known) {
  for (const auto& f : filters) {
    if (!is_tag_filter(f.name) && known.find(f.name) == known.end()) {
      throw invalid_parameter_value("The filter '" + f.name + "' is invalid");
    }
  }
}

bool filters_match(const std::vector<filter>& filters, const filter_fields& fields,
                   const std::vector<store::tag>& tags) {
  return field_filters_match(filters, fields) && tag_filters_match(filters, tags);
}

bool field_filters_match(const std::vector<filter>& filters, const filter_fields& fields) {
  for (const auto& f : filters) {
    if (is_tag_filter(f.name)) {
      continue;
    }
    auto it = fields.find(f.name);
    if (it == fields.end() || !any_matches(f.values, it->second)) {
      return false;
    }
  }
  return true;
}

bool tag_filters_match(const std::vector<filter>& filters, const std::vector<store::tag>& tags) {
  for (const auto& f : filters) {
    if (is_tag_filter(f.name) && !any_matches(f.values, tag_values(f.name, tags))) {
      return false;
    }
  }
  return true;
}

std::optional<std::vector<std::string>> literal_filter_values(const std::vector<filter>& filters,
                                                              std::string_view name) {
  for (const auto& f : filters) {
    if (f.name != name) {
      continue;
    }
    bool literal = std::none_of(f.values.begin(), f.values.end(), [](const std::string& v) {
      return v.find_first_of("*?\\") != std::string::npos;
    });
    if (!literal) {
      return std::nullopt;
    }
    return f.values;
  }
  return std::nullopt;
}

}  // namespace minecs::ec2
