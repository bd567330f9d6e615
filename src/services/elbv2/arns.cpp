// ELBv2's ARNs and names (see arns.hpp).
#include "arns.hpp"

#include <cctype>

#include "errors.hpp"
#include "minecs/core/ids.hpp"

namespace minecs::elbv2 {

namespace {

constexpr std::string_view service = "elasticloadbalancing";

std::string type_code(const std::string& type) {
  return type == "network" ? "net" : "app";
}

// Letters, digits and hyphens, 1 to 32 of them, no hyphen at either end; `what` names the
// resource in the messages, as ELBv2 words them.
void check_name(const std::string& name, const std::string& what) {
  if (name.empty() || name.size() > 32) {
    throw validation_error(what + " name cannot be longer than 32 characters");
  }
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-') {
      throw validation_error(what + " name '" + name +
                             "' can only contain characters that are alphanumeric characters or "
                             "hyphens(-)");
    }
  }
  if (name.front() == '-' || name.back() == '-') {
    throw validation_error(what + " name '" + name + "' cannot begin or end with a hyphen");
  }
}

}  // namespace

std::string new_resource_id(api::request_context& ctx) {
  return ctx.ids.hex32().substr(0, 16);
}

std::string load_balancer_arn(const scope& s, const std::string& type, const std::string& name,
                              const std::string& id) {
  return make_arn(s, service, "loadbalancer/" + type_code(type) + "/" + name + "/" + id);
}

std::string target_group_arn(const scope& s, const std::string& name, const std::string& id) {
  return make_arn(s, service, "targetgroup/" + name + "/" + id);
}

std::string listener_arn(const std::string& load_balancer_arn, const std::string& id) {
  auto at = load_balancer_arn.find(":loadbalancer/");
  return load_balancer_arn.substr(0, at) + ":listener/" +
         load_balancer_arn.substr(at + std::string_view(":loadbalancer/").size()) + "/" + id;
}

std::string rule_arn(const std::string& listener_arn, const std::string& id) {
  auto at = listener_arn.find(":listener/");
  return listener_arn.substr(0, at) + ":listener-rule/" +
         listener_arn.substr(at + std::string_view(":listener/").size()) + "/" + id;
}

arn_kind kind_of_arn(std::string_view arn) {
  auto parsed = parse_arn(arn);
  if (!parsed || parsed->service != service) {
    return arn_kind::none;
  }
  const auto& type = parsed->resource_type;
  if (type == "loadbalancer") {
    return arn_kind::load_balancer;
  }
  if (type == "targetgroup") {
    return arn_kind::target_group;
  }
  if (type == "listener") {
    return arn_kind::listener;
  }
  if (type == "listener-rule") {
    return arn_kind::rule;
  }
  return arn_kind::none;
}

void check_load_balancer_name(const std::string& name) {
  check_name(name, "Load balancer");
  if (name.starts_with("internal-")) {
    throw validation_error("Load balancer name '" + name + "' cannot begin with 'internal-'");
  }
}

void check_target_group_name(const std::string& name) {
  check_name(name, "Target group");
}

}  // namespace minecs::elbv2
