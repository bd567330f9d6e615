#include "docker_events.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>

#include "labels.hpp"

namespace minecs::reconcile {

std::string task_of_event(const json& event) {
  if (event.value("Type", std::string("container")) != "container") {
    return {};
  }
  auto action = event.value("Action", event.value("status", std::string()));
  // create and start are the reconciler's own doing and already recorded.
  bool relevant = action == "die" || action == "oom" || action == "destroy" ||
                  action.starts_with("health_status");
  if (!relevant) {
    return {};
  }
  return task_arn_of(event.value("Actor", json::object()).value("Attributes", json::object()));
}

void run_event_intake(docker::client& docker, const std::string& instance_id,
                      docker::timeout call_timeout, const event_sink& sink, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any cv;
  auto pause = [&](double seconds) {
    std::unique_lock lock(mutex);
    cv.wait_for(lock, stop, std::chrono::milliseconds(static_cast<int>(seconds * 1000)),
                [] { return false; });
  };
  double backoff = 0.5;
  bool was_connected = false;
  // From just before the first connection on: what happens while connecting is not lost.
  std::string since = std::to_string(std::time(nullptr) - 1);
  docker::event_options options;
  options.filters = {{"type", {"container"}}, {"label", {instance_filter(instance_id)}}};
  while (!stop.stop_requested()) {
    auto version = docker.version(call_timeout);
    if (version) {
      backoff = 0.5;
      was_connected = true;
      sink.connected(version->value("Version", std::string("unknown")));
      options.since = since;
      auto ended = docker.stream_events(
          options,
          [&](const json& event) {
            if (auto t = event.value("time", json()); t.is_number()) {
              since = std::to_string(t.get<long long>());
            }
            if (auto arn = task_of_event(event); !arn.empty()) {
              sink.task_event(arn);
            }
          },
          stop, call_timeout);
      if (stop.stop_requested()) {
        return;
      }
      spdlog::warn("docker event stream ended: {}",
                   ended ? std::string("closed by the daemon") : ended.error().message);
    } else if (was_connected || backoff == 0.5) {
      spdlog::warn("docker engine unreachable: {}", version.error().message);
    }
    if (was_connected) {
      was_connected = false;
      sink.disconnected();
    }
    pause(backoff);
    backoff = std::min(backoff * 2, 10.0);
  }
}

}  // namespace minecs::reconcile
