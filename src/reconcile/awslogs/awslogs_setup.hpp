#pragma once
#include <optional>
#include <string>

#include "context.hpp"

// What the awslogs driver does at a container's start: the log group must exist (or be created
// with awslogs-create-group), the stream is created, and the capture of the output begins.
namespace minecs::reconcile {

struct awslogs_start {
  std::optional<std::string> failure;  // the task's stoppedReason when the start must fail
  bool capture = false;                // a capture row exists: follow once started
};

// Before the container starts: checks the group, creates the stream and the capture row (one
// write). Nothing to do for other log drivers.
awslogs_start open_awslogs(context& cx, const store::task_record& task, const json& definition,
                           const store::container_record& container);

// Once the container has started.
void follow_awslogs(context& cx, const std::string& container_id);

}  // namespace minecs::reconcile
