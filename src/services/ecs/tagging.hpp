#pragma once
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ecs {

// Reads a request's [{key, value}] tag list with ECS's rules (at most 50, no "aws:" prefix).
std::vector<store::tag> tags_from_input(const json& input, const char* member);
json render_tags(const std::vector<store::tag>& tags);

// Whether a taggable resource exists, one check per resource type of an ECS ARN, each beside its
// resource's handlers; TagResource's table of them is in tagging.cpp. Called inside a transaction;
// throws the resource kind's not-found exception.
using resource_check = void (*)(api::request_context&, const parsed_arn&);
void check_cluster(api::request_context& ctx, const parsed_arn& arn);
void check_container_instance(api::request_context& ctx, const parsed_arn& arn);
void check_service(api::request_context& ctx, const parsed_arn& arn);
void check_task(api::request_context& ctx, const parsed_arn& arn);
void check_task_definition(api::request_context& ctx, const parsed_arn& arn);

}  // namespace minecs::ecs
