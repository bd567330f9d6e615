// One attribute per Modify*Attribute request (see attributes.hpp).
#include "attributes.hpp"

#include "errors.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ec2 {

std::string one_attribute_of(const json& input, std::initializer_list<const char*> members) {
  std::string chosen;
  for (const char* member : members) {
    if (!api::has(input, member)) {
      continue;
    }
    if (!chosen.empty()) {
      throw invalid_parameter_combination(
          "Fields for multiple attribute types specified: " + chosen + ", " + member);
    }
    chosen = member;
  }
  if (chosen.empty()) {
    throw missing_parameter("attribute");
  }
  return chosen;
}

bool attribute_value(const json& input, const std::string& member) {
  const auto& value = input.at(member);
  if (!value.is_object() || !value.contains("Value") || !value.at("Value").is_boolean()) {
    throw missing_parameter(member + ".Value");
  }
  return value.at("Value").get<bool>();
}

}  // namespace minecs::ec2
