#pragma once
#include <functional>
#include <stop_token>
#include <string>

#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"

// Docker's event stream for this instance's containers, kept open across daemon restarts.
namespace minecs::reconcile {

struct event_sink {
  // A container event that may change a task: its task ARN.
  std::function<void(const std::string& task_arn)> task_event;
  // The daemon answered (again): its version ("20.10.24").
  // Events may have been missed while it was away, so the caller resyncs.
  std::function<void(const std::string& docker_version)> connected;
  std::function<void()> disconnected;
};

// Whether an event (Docker's JSON) is one the reconciler reacts to, and the task it names.
std::string task_of_event(const json& event);

// Blocks until `stop`: connects, streams, reconnects with backoff (0.5 s doubling to 10 s).
void run_event_intake(docker::client& docker, const std::string& instance_id,
                      docker::timeout call_timeout, const event_sink& sink, std::stop_token stop);

}  // namespace minecs::reconcile
