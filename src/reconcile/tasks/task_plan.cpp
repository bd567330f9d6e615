// Task-wide decisions taken from the definition before any container exists; apart from the
// container create body, which is per container.
#include "tasks/task_plan.hpp"

#include <algorithm>
#include <set>

namespace minecs::reconcile {

std::optional<std::string> unsupported_reason(const json& definition, const json& /*overrides*/) {
  for (const auto& v : definition.value("volumes", json::array())) {
    if (v.contains("efsVolumeConfiguration") ||
        v.contains("fsxWindowsFileServerVolumeConfiguration")) {
      return "ResourceInitializationError: minecs cannot mount EFS or FSx volumes";
    }
  }
  return std::nullopt;
}

volume_plan plan_volumes(const store::task_record& task, const json& definition) {
  volume_plan plan;
  for (const auto& v : definition.value("volumes", json::array())) {
    auto name = v.value("name", "");
    if (name.empty()) {
      continue;
    }
    auto host = v.value("host", json());
    if (host.is_object() && !host.value("sourcePath", "").empty()) {
      plan.sources[name] = host.value("sourcePath", "");
      continue;
    }
    auto dvc = v.value("dockerVolumeConfiguration", json());
    if (dvc.is_object() && dvc.value("scope", std::string("task")) == "shared") {
      plan.sources[name] = name;
      plan.shared_volumes.push_back(name);
      continue;
    }
    auto volume =
        "ecs-" + task.family + "-" + std::to_string(task.revision) + "-" + name + "-" + task.id;
    plan.sources[name] = volume;
    plan.task_volumes.push_back(volume);
  }
  return plan;
}

std::vector<std::string> creation_order(const json& definition) {
  std::vector<std::string> names;
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& def : definition.value("containerDefinitions", json::array())) {
    auto name = def.value("name", "");
    names.push_back(name);
    for (const auto& link : def.value("links", json::array())) {
      auto l = link.get<std::string>();
      needs[name].insert(l.substr(0, l.find(':')));
    }
    for (const auto& vf : def.value("volumesFrom", json::array())) {
      needs[name].insert(vf.value("sourceContainer", ""));
    }
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  // Repeated passes; a cycle (which validation should refuse) falls back to definition order.
  while (order.size() < names.size()) {
    bool progressed = false;
    for (const auto& n : names) {
      if (placed.contains(n)) {
        continue;
      }
      bool ready = std::all_of(needs[n].begin(), needs[n].end(), [&](const std::string& d) {
        return placed.contains(d) || std::find(names.begin(), names.end(), d) == names.end();
      });
      if (ready) {
        order.push_back(n);
        placed.insert(n);
        progressed = true;
      }
    }
    if (!progressed) {
      for (const auto& n : names) {
        if (placed.insert(n).second) {
          order.push_back(n);
        }
      }
    }
  }
  return order;
}

}  // namespace minecs::reconcile
