#include "minecs/task/task_tags.hpp"

#include <algorithm>

namespace minecs::task {

namespace {

void add_missing(std::vector<store::tag>& tags, const std::vector<store::tag>& more) {
  for (const auto& t : more) {
    bool present = std::any_of(tags.begin(), tags.end(),
                               [&](const store::tag& mine) { return mine.key == t.key; });
    if (!present) {
      tags.push_back(t);
    }
  }
}

}  // namespace

std::vector<store::tag> new_task_tags(store::database& db, std::vector<store::tag> own,
                                      const tag_origin& from) {
  if (from.propagate_tags == "TASK_DEFINITION") {
    add_missing(own, store::tags_of(db, from.task_definition_arn));
  } else if (from.propagate_tags == "SERVICE" && !from.service_arn.empty()) {
    add_missing(own, store::tags_of(db, from.service_arn));
  }
  if (from.managed_tags) {
    if (!from.service_name.empty()) {
      own.push_back({"aws:ecs:serviceName", from.service_name});
    }
    own.push_back({"aws:ecs:clusterName", from.cluster_name});
  }
  return own;
}

}  // namespace minecs::task
