#pragma once
// EC2's error codes, spelled in one place. EC2 answers every client error with HTTP 400 (a
// DryRun that would have succeeded with 412).
#include <string>
#include <utility>

#include "minecs/core/service_error.hpp"

namespace minecs::ec2 {

inline service_error ec2_error(std::string code, const std::string& message) {
  return {std::move(code), message, 400};
}
inline service_error invalid_parameter_value(const std::string& message) {
  return ec2_error("InvalidParameterValue", message);
}
inline service_error invalid_parameter_combination(const std::string& message) {
  return ec2_error("InvalidParameterCombination", message);
}
inline service_error missing_parameter(const std::string& name) {
  return ec2_error("MissingParameter", "The request must contain the parameter " + name);
}
inline service_error dependency_violation(const std::string& message) {
  return ec2_error("DependencyViolation", message);
}
// A parameter whose value is not what EC2 accepts, in EC2's own words.
inline service_error invalid_value(const std::string& value, const std::string& parameter,
                                   const std::string& why) {
  return invalid_parameter_value("Value (" + value + ") for parameter " + parameter +
                                 " is invalid. " + why);
}

}  // namespace minecs::ec2
