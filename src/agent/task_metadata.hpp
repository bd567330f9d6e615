#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/tags.hpp"
#include "minecs/store/tasks.hpp"

// The JSON of the task metadata endpoint (v3 and v4), built from the store's task and what
// Docker says of its containers, in the shapes the ECS documentation gives.
namespace minecs::agent {

enum class metadata_version { v3, v4 };

struct task_view {
  const store::task_record& task;
  const json& definition;
  std::map<std::string, json> inspects;  // Docker inspect by container name; absent: not created
  json task_endpoint;                    // awsvpc: the holder's endpoint on the task network
  std::vector<store::tag> task_tags;     // for taskWithTags
  // For taskWithTags of an EC2 task: the tags of its container instance.
  std::optional<std::vector<store::tag>> container_instance_tags;
};

json container_metadata(const task_view& v, const std::string& container, metadata_version ver);
json task_metadata(const task_view& v, metadata_version ver, bool with_tags);

}  // namespace minecs::agent
