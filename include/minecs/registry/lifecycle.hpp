#pragma once
// ECR lifecycle policies: the policy text checked as ECR checks it, and which images its rules
// expire. Pure functions: the registry sync applies them, PutLifecyclePolicy validates with them.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace minecs::registry {

enum class tag_status { tagged, untagged, any };
enum class count_type { image_count_more_than, since_image_pushed };

struct lifecycle_rule {
  std::int64_t priority = 0;
  tag_status status = tag_status::any;
  std::vector<std::string> tag_prefixes;
  std::vector<std::string> tag_patterns;  // '*' wildcards
  count_type type = count_type::image_count_more_than;
  std::int64_t count = 0;  // images, or days
};

// What ECR answers for a policy it refuses; the message is ECR's constraint text.
struct invalid_policy : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The rules of a policy in priority order; invalid_policy when the text is not one.
std::vector<lifecycle_rule> parse_lifecycle_policy(const std::string& text);

struct lifecycle_image {
  std::string digest;
  std::vector<std::string> tags;
  double pushed_at = 0;  // seconds since the epoch
};

// The digests the rules expire at `now`. Each image is judged by the first rule (in priority
// order) whose selection it matches, and by no other, as ECR does.
std::vector<std::string> expired_images(const std::vector<lifecycle_rule>& rules,
                                        const std::vector<lifecycle_image>& images, double now);

}  // namespace minecs::registry
