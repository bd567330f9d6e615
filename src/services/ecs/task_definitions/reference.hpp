#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/core/arn.hpp"

namespace minecs::ecs {

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
