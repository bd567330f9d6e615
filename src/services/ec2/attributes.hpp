#pragma once
// ModifyVpcAttribute and ModifySubnetAttribute change exactly one attribute per request, most
// of them an AttributeBooleanValue ({"Value": bool}).
#include <initializer_list>
#include <string>

#include "minecs/core/json.hpp"

namespace minecs::ec2 {

// The one member of `members` the request sets; MissingParameter when none,
// InvalidParameterCombination when several.
std::string one_attribute_of(const json& input, std::initializer_list<const char*> members);
// The Value of an AttributeBooleanValue member; MissingParameter without one.
bool attribute_value(const json& input, const std::string& member);

}  // namespace minecs::ec2
