#include "tasks/images.hpp"

#include <regex>

namespace minecs::reconcile {

std::optional<std::string> ecr_local_name(std::string_view reference) {
  static const std::regex ecr(
      R"(^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/(.+)$)");
  std::cmatch m;
  if (!std::regex_match(reference.begin(), reference.end(), m, ecr)) {
    return std::nullopt;
  }
  return m[3].str();
}

std::string image_digest(const json& image_inspect) {
  auto digests = image_inspect.value("RepoDigests", json::array());
  if (digests.is_array() && !digests.empty() && digests[0].is_string()) {
    auto d = digests[0].get<std::string>();
    if (auto at = d.find('@'); at != std::string::npos) {
      return d.substr(at + 1);
    }
  }
  return image_inspect.value("Id", std::string());
}

image_result resolve_image(docker::client& docker, const std::string& reference,
                           docker::timeout call, docker::timeout pull) {
  image_result out;
  auto fail = [&](const docker::error& e, image_failure kind) {
    out.failure = e.transport() ? image_failure::docker_unreachable : kind;
    out.message = e.message;
    return out;
  };
  auto present = [&](const std::string& name) -> docker::result<bool> {
    auto found = docker.inspect_image(name, call);
    if (!found) {
      return found.error();
    }
    if (!*found) {
      return docker::result<bool>(boost::system::in_place_value, false);
    }
    out.image = {name, image_digest(**found)};
    return docker::result<bool>(boost::system::in_place_value, true);
  };

  auto here = present(reference);
  if (!here) {
    return fail(here.error(), image_failure::pull_failed);
  }
  if (*here) {
    return out;
  }
  if (auto local = ecr_local_name(reference)) {
    auto mirrored = present(*local);
    if (!mirrored) {
      return fail(mirrored.error(), image_failure::pull_failed);
    }
    if (*mirrored) {
      return out;
    }
  }
  if (auto pulled = docker.pull_image(reference, pull); !pulled) {
    return fail(pulled.error(), image_failure::pull_failed);
  }
  auto after = present(reference);
  if (!after || !*after) {
    out.failure = image_failure::pull_failed;
    out.message =
        after ? "the pulled image " + reference + " is not present" : after.error().message;
  }
  return out;
}

}  // namespace minecs::reconcile
