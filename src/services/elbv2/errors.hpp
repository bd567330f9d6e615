#pragma once
// ELBv2's error codes, spelled in one place. Every client error is an HTTP 400, as its model
// says; ValidationError is what it answers for input that breaks a documented constraint.
#include <string>
#include <utility>

#include "minecs/core/service_error.hpp"

namespace minecs::elbv2 {

inline service_error elb_error(std::string code, const std::string& message) {
  return {std::move(code), message, 400};
}
inline service_error validation_error(const std::string& message) {
  return elb_error("ValidationError", message);
}
inline service_error load_balancer_not_found() {
  return elb_error("LoadBalancerNotFound", "One or more load balancers not found");
}
inline service_error target_group_not_found() {
  return elb_error("TargetGroupNotFound", "One or more target groups not found");
}
inline service_error listener_not_found() {
  return elb_error("ListenerNotFound", "One or more listeners not found");
}
inline service_error rule_not_found() {
  return elb_error("RuleNotFound", "One or more rules not found");
}
inline service_error invalid_configuration(const std::string& message) {
  return elb_error("InvalidConfigurationRequest", message);
}
inline service_error operation_not_permitted(const std::string& message) {
  return elb_error("OperationNotPermitted", message);
}

}  // namespace minecs::elbv2
