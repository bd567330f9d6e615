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

std::string image_digest(const json& image_inspect, std::string_view repository) {
  auto digests = image_inspect.value("RepoDigests", json::array());
  if (digests.is_array() && !digests.empty()) {
    std::string first;
    for (const auto& item : digests) {
      if (!item.is_string()) {
        continue;
      }
      auto d = item.get<std::string>();
      auto at = d.find('@');
      if (at == std::string::npos) {
        continue;
      }
      if (first.empty()) {
        first = d.substr(at + 1);
      }
      if (!repository.empty() && std::string_view(d).substr(0, at) == repository) {
        return d.substr(at + 1);
      }
    }
    if (!first.empty()) {
      return first;
    }
  }
  return image_inspect.value("Id", std::string());
}

namespace {

// "host:port/repo:tag" or "host:port/repo@sha256:..." → "host:port/repo".
std::string_view repository_of(std::string_view reference) {
  if (auto at = reference.find('@'); at != std::string_view::npos) {
    return reference.substr(0, at);
  }
  auto slash = reference.rfind('/');
  auto colon = reference.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    return reference.substr(0, colon);
  }
  return reference;
}

}  // namespace

image_result resolve_image(docker::client& docker, const std::string& reference,
                           docker::timeout call, docker::timeout pull,
                           const std::optional<registry_pull>& from_registry) {
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

  if (from_registry) {
    const auto& r = from_registry->reference;
    if (auto pulled = docker.pull_image_as(r, from_registry->auth, pull); !pulled) {
      fail(pulled.error(), image_failure::pull_failed);
      // What ECS's agent reports for a tag its registry does not have.
      if (out.failure == image_failure::pull_failed &&
          (out.message.find("manifest unknown") != std::string::npos ||
           out.message.find("not found") != std::string::npos)) {
        out.message = "pull image manifest has been retried 1 time(s): failed to resolve ref " +
                      reference + ": " + reference + ": not found";
      }
      return out;
    }
    auto found = docker.inspect_image(r, call);
    if (!found || !*found) {
      out.failure = image_failure::pull_failed;
      out.message = found ? "the pulled image " + r + " is not present" : found.error().message;
      return out;
    }
    out.image = {r, image_digest(**found, repository_of(r))};
    return out;
  }
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
