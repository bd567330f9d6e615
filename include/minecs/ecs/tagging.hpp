#pragma once
#include <functional>
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ecs {

// Reads a request's [{key, value}] tag list with ECS's rules (at most 50, no "aws:" prefix).
std::vector<store::tag> tags_from_input(const json& input, const char* member);
json render_tags(const std::vector<store::tag>& tags);

// Whether a taggable resource exists, by the resource type of its ARN ("cluster",
// "task-definition", "task", "service", ...). Each resource kind registers its own check, so
// TagResource learns new kinds without knowing them. Called inside a transaction; throws the
// resource kind's not-found exception.
using resource_check = std::function<void(api::request_context&, const parsed_arn&)>;
void register_taggable(const std::string& resource_type, resource_check check);

}  // namespace minecs::ecs
