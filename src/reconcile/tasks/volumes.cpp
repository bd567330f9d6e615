#include "tasks/volumes.hpp"

#include <algorithm>

#include "labels.hpp"
#include "minecs/store/meta.hpp"
#include "tasks/task_plan.hpp"

namespace minecs::reconcile {

namespace {

constexpr const char* shared_key = "shared_volumes";

bool autoprovision(const json& definition, const std::string& name) {
  for (const auto& v : definition.value("volumes", json::array())) {
    if (v.value("name", "") == name) {
      return v.value("dockerVolumeConfiguration", json::object()).value("autoprovision", false);
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> shared_volumes(store::database& db) {
  auto text = db.read([&] { return store::get_meta(db, shared_key); });
  std::vector<std::string> out;
  if (text) {
    for (const auto& v : json::parse(*text, nullptr, false)) {
      if (v.is_string()) {
        out.push_back(v.get<std::string>());
      }
    }
  }
  return out;
}

docker::result<void> create_task_volumes(context& cx, const store::task_record& task,
                                         const json& definition) {
  auto plan = plan_volumes(task, definition);
  for (const auto& name : plan.task_volumes) {
    auto made =
        cx.docker.create_volume(name, task_labels(task, "", owner(cx.cfg)), cx.cfg.call_timeout);
    if (!made) {
      return made.error();
    }
  }
  for (const auto& name : plan.shared_volumes) {
    // Without autoprovision the volume must exist already; Docker would create a missing one
    // silently, which is as close as minecs gets without a volume inspect.
    if (!autoprovision(definition, name)) {
      continue;
    }
    auto labels = owner_labels(owner(cx.cfg));
    auto made = cx.docker.create_volume(name, labels, cx.cfg.call_timeout);
    if (!made) {
      return made.error();
    }
    cx.db.write([&] {
      auto known = json::parse(store::get_meta(cx.db, shared_key).value_or("[]"), nullptr, false);
      if (!known.is_array()) {
        known = json::array();
      }
      if (std::find(known.begin(), known.end(), json(name)) == known.end()) {
        known.push_back(name);
        store::put_meta(cx.db, shared_key, known.dump());
      }
    });
  }
  return {};
}

void remove_task_volumes(context& cx, const store::task_record& task, const json& definition) {
  for (const auto& name : plan_volumes(task, definition).task_volumes) {
    (void)cx.docker.remove_volume(name, true, cx.cfg.call_timeout);
  }
}

}  // namespace minecs::reconcile
