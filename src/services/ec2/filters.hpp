#pragma once
// The one filter engine of every EC2 Describe call: a request's Filters (name and values, with
// EC2's * and ? wildcards) against the values a resource shows under each filter name. Filters
// are ANDed, a filter's values ORed; tag:<key>, tag-key and tag-value come from the tags.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ec2 {

struct filter {
  std::string name;
  std::vector<std::string> values;
};

// A resource's values under each filter name its Describe call documents; every name is present
// (with no values when the resource has none), so that one of a default record lists the names.
using filter_fields = std::map<std::string, std::vector<std::string>, std::less<>>;

std::vector<filter> parse_filters(const json& input, const char* member = "Filters");
// InvalidParameterValue for a filter name that is neither a key of `known` nor a tag filter.
void check_filter_names(const std::vector<filter>& filters, const filter_fields& known);
bool filters_match(const std::vector<filter>& filters, const filter_fields& fields,
                   const std::vector<store::tag>& tags);
// filters_match in two halves (it is both together), so that a Describe call reads a record's
// tags only once its other filters have passed: the filters other than tag filters...
bool field_filters_match(const std::vector<filter>& filters, const filter_fields& fields);
// ...and the tag filters.
bool tag_filters_match(const std::vector<filter>& filters, const std::vector<store::tag>& tags);
// The values of the first filter called `name` when none of them has a wildcard (or escape):
// then a record can only match with one of those exact values. nullopt when there is no such
// filter or a value is a pattern.
std::optional<std::vector<std::string>> literal_filter_values(const std::vector<filter>& filters,
                                                              std::string_view name);

inline std::string filter_bool(bool value) {
  return value ? "true" : "false";
}

}  // namespace minecs::ec2
