#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace minecs {

// The account and region a resource lives in; every ARN minecs writes is built from one.
struct scope {
  std::string region;
  std::string account;
};

// arn:<partition>:<service>:<region>:<account>:<type>/<rest> or <type>:<rest>; the resource
// keeps any further '/' and ':' (an S3 ARN's bucket is its type, the key its resource).
struct parsed_arn {
  std::string partition, service, region, account, resource_type, resource;
  char separator = 0;  // '/' or ':' after the type, 0 when the ARN ends with it
};

std::optional<parsed_arn> parse_arn(std::string_view arn);
std::string make_arn(const scope& s, std::string_view service, std::string_view resource);

std::string cluster_arn(const scope& s, std::string_view cluster);
std::string task_definition_arn(const scope& s, std::string_view family, long revision);
std::string task_arn(const scope& s, std::string_view cluster, std::string_view task_id);
std::string service_arn(const scope& s, std::string_view cluster, std::string_view service);
std::string container_instance_arn(const scope& s, std::string_view cluster, std::string_view id);
std::string container_arn(const scope& s, std::string_view cluster, std::string_view task_id,
                          std::string_view id);

// A resource of a cluster that the user named by its ARN or by its id, as an ARN (what a
// failure reports); `build` makes the ARN of an id: task_arn, service_arn, ...
using cluster_resource_arn = std::string (*)(const scope&, std::string_view cluster,
                                             std::string_view id);
std::string arn_of_reference(const scope& s, std::string_view cluster, std::string_view reference,
                             cluster_resource_arn build);

// A cluster named by the user: a short name or a cluster ARN; omitted means "default", as ECS.
// Throws InvalidParameterException for an ARN of another kind.
std::string cluster_name_from_reference(std::string_view reference);

// The last path segment of an ARN's resource, or the input when it is no ARN.
std::string resource_id(std::string_view arn_or_id);

}  // namespace minecs
