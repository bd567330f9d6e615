#include "minecs/core/arn.hpp"

#include "minecs/core/service_error.hpp"

namespace minecs {

std::optional<parsed_arn> parse_arn(std::string_view arn) {
  if (!arn.starts_with("arn:")) {
    return std::nullopt;
  }
  parsed_arn out;
  std::string_view rest = arn.substr(4);
  std::string* fields[] = {&out.partition, &out.service, &out.region, &out.account};
  for (auto* field : fields) {
    auto colon = rest.find(':');
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    *field = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  auto slash = rest.find('/');
  auto colon = rest.find(':');
  auto cut = std::min(slash, colon);
  if (cut == std::string_view::npos || rest.empty()) {
    out.resource_type = std::string(rest);
    return out.resource_type.empty() ? std::nullopt : std::optional(out);
  }
  out.resource_type = std::string(rest.substr(0, cut));
  out.separator = rest[cut];
  out.resource = std::string(rest.substr(cut + 1));
  return out;
}

std::string make_arn(const scope& s, std::string_view service, std::string_view resource) {
  std::string out = "arn:aws:";
  out.append(service).append(":").append(s.region).append(":").append(s.account).append(":");
  out.append(resource);
  return out;
}

std::string cluster_arn(const scope& s, std::string_view cluster) {
  return make_arn(s, "ecs", "cluster/" + std::string(cluster));
}
std::string task_definition_arn(const scope& s, std::string_view family, long revision) {
  return make_arn(s, "ecs",
                  "task-definition/" + std::string(family) + ":" + std::to_string(revision));
}
std::string task_arn(const scope& s, std::string_view cluster, std::string_view task_id) {
  return make_arn(s, "ecs", "task/" + std::string(cluster) + "/" + std::string(task_id));
}
std::string service_arn(const scope& s, std::string_view cluster, std::string_view service) {
  return make_arn(s, "ecs", "service/" + std::string(cluster) + "/" + std::string(service));
}
std::string container_instance_arn(const scope& s, std::string_view cluster, std::string_view id) {
  return make_arn(s, "ecs", "container-instance/" + std::string(cluster) + "/" + std::string(id));
}
std::string container_arn(const scope& s, std::string_view cluster, std::string_view task_id,
                          std::string_view id) {
  return make_arn(
      s, "ecs",
      "container/" + std::string(cluster) + "/" + std::string(task_id) + "/" + std::string(id));
}

std::string arn_of_reference(const scope& s, std::string_view cluster, std::string_view reference,
                             cluster_resource_arn build) {
  return reference.starts_with("arn:") ? std::string(reference) : build(s, cluster, reference);
}

std::string cluster_name_from_reference(std::string_view reference) {
  if (reference.empty()) {
    return "default";
  }
  if (!reference.starts_with("arn:")) {
    return std::string(reference);
  }
  auto arn = parse_arn(reference);
  if (!arn || arn->service != "ecs" || arn->resource_type != "cluster" || arn->resource.empty()) {
    throw invalid_parameter("Invalid cluster ARN: " + std::string(reference));
  }
  return arn->resource;
}

std::string resource_id(std::string_view arn_or_id) {
  if (!arn_or_id.starts_with("arn:")) {
    return std::string(arn_or_id);
  }
  auto slash = arn_or_id.rfind('/');
  return std::string(slash == std::string_view::npos ? arn_or_id : arn_or_id.substr(slash + 1));
}

}  // namespace minecs
