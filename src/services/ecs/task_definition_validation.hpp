#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/core/arn.hpp"
#include "minecs/core/json.hpp"

namespace minecs::ecs {

// RegisterTaskDefinition's semantic checks (the API model has already checked types, required
// members and enums) and the normal form ECS stores: defaults filled in, task cpu/memory in
// units/MiB, compatibilities and requiresAttributes derived. Throws ClientException (or
// InvalidParameterException where ECS does) with ECS's messages; it never touches the store, so
// a rejected request changes nothing. The result carries no tags and no identity (ARN,
// revision, status, timestamps): those belong to the record.
json normalise_task_definition(const json& input);

// Task-level sizes as ECS accepts them: "1024" or "1 vCPU" / ".25 vcpu"; "2048" or "2 GB" /
// "0.5GB". nullopt when the text is no size at all.
std::optional<long long> parse_task_cpu(std::string_view text);
std::optional<long long> parse_task_memory(std::string_view text);

// Whether Fargate offers this task size (the table of the ECS developer guide, Linux).
bool fargate_supports(long long cpu, long long memory_mib);

// Up to 255 letters, digits, hyphens and underscores: families, container and volume names.
bool valid_resource_name(std::string_view name);

// What a request names with "family", "family:revision" or a task definition ARN. A family alone
// (no revision) means the latest ACTIVE revision to DescribeTaskDefinition and RunTask.
// `valid` is false when the text cannot name a task definition of this scope (another region or
// account, another resource type, a revision that is no positive number).
struct task_definition_ref {
  std::string family;
  std::optional<long> revision;
  bool valid = true;
  // The text after the colon when it is not made of digits ("latest", "foo"): ECS refuses such a
  // reference outright instead of answering that it names nothing.
  std::optional<std::string> non_numeric_revision;
};
task_definition_ref parse_task_definition_reference(std::string_view text, const scope& s);

// Throws InvalidParameterException "Invalid revision number. Number: <text>", as ECS, when the
// reference's revision is not a number.
void require_numeric_revision(const task_definition_ref& ref);

}  // namespace minecs::ecs
