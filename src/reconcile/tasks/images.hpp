#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"

// Image references of task definitions → local images. Nothing is pulled that is present, and an
// ECR URI that is not present falls back to the same repository and tag locally, since no
// registry is reachable where minecs runs.
namespace minecs::reconcile {

// "<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>" → "<repo>:<tag>"; nullopt otherwise.
std::optional<std::string> ecr_local_name(std::string_view reference);

// The digest ECS reports: the repository digest when the image has one, else its id.
std::string image_digest(const json& image_inspect);

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

image_result resolve_image(docker::client& docker, const std::string& reference,
                           docker::timeout call, docker::timeout pull);

}  // namespace minecs::reconcile
