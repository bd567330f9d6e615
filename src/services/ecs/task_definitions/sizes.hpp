#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace minecs::ecs {

// Task-level sizes as ECS accepts them: "1024" or "1 vCPU" / ".25 vcpu"; "2048" or "2 GB" /
// "0.5GB". nullopt when the text is no size at all.
std::optional<long long> parse_task_cpu(std::string_view text);
std::optional<long long> parse_task_memory(std::string_view text);

// Whether Fargate offers this task size (the table of the ECS developer guide, Linux).
bool fargate_supports(long long cpu, long long memory_mib);

// ECS's refusal of a task size that Fargate does not offer.
std::string fargate_size_error(long long cpu, long long memory);

}  // namespace minecs::ecs
