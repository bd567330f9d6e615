#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/reconcile/reconciler.hpp"

// Image references of task definitions → local images. An image of minecs's ECR registry is
// always pulled from it (the registry is the truth: a tag deleted there fails the task, as on
// AWS). Otherwise nothing is pulled that is present, and an ECR URI that is not present falls
// back to the same repository and tag locally.
namespace minecs::reconcile {

// "<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>" → "<repo>:<tag>"; nullopt otherwise.
std::optional<std::string> ecr_local_name(std::string_view reference);

// The digest ECS reports: the repository digest when the image has one (the one of `repository`
// when given and present), else its id.
std::string image_digest(const json& image_inspect, std::string_view repository = {});

struct resolved_image {
  std::string local;  // what to give Docker's create
  std::string digest;
};

enum class image_failure { none, docker_unreachable, pull_failed };
struct image_result {
  resolved_image image;
  image_failure failure = image_failure::none;
  std::string message;
};

// `from_registry`: the reference and credentials to pull from ECR's registry instead.
image_result resolve_image(docker::client& docker, const std::string& reference,
                           docker::timeout call, docker::timeout pull,
                           const std::optional<registry_pull>& from_registry = std::nullopt);

}  // namespace minecs::reconcile
