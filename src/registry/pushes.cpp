#include "pushes.hpp"

#include <algorithm>

#include "paths.hpp"

namespace minecs::registry {

namespace {

bool is_digest(const std::string& reference) {
  return reference.starts_with("sha256:");
}

}  // namespace

std::optional<store::ecr_repository> repository_for(store::database& db, const std::string& region,
                                                    const std::string& account,
                                                    const std::string& name, refusal& why) {
  auto repo = store::find_ecr_repository_any_region(db, region, name);
  if (!repo) {
    why = {404, "NAME_UNKNOWN",
           "The repository with name '" + name + "' does not exist in the registry with id '" +
               account + "'"};
  }
  return repo;
}

std::optional<refusal> check_manifest_push(store::database& db, const store::ecr_repository& repo,
                                           const std::string& reference,
                                           const std::string& manifest) {
  if (repo.tag_mutability != "IMMUTABLE" || is_digest(reference)) {
    return std::nullopt;
  }
  for (const auto& image : store::list_ecr_images(db, repo.region, repo.name)) {
    bool tagged = std::find(image.tags.begin(), image.tags.end(), reference) != image.tags.end();
    if (tagged && image.manifest != manifest) {
      return refusal{400, "TAG_INVALID",
                     "The image tag '" + reference + "' already exists in the '" + repo.name +
                         "' repository and cannot be overwritten because the repository is "
                         "immutable."};
    }
  }
  return std::nullopt;
}

void record_push(store::database& db, const store::ecr_repository& repo,
                 const std::string& reference, const std::string& digest,
                 const std::string& manifest, const std::string& content_type, double now) {
  bool tag = !is_digest(reference);
  if (tag) {
    for (auto other : store::list_ecr_images(db, repo.region, repo.name)) {
      if (other.digest == digest) {
        continue;
      }
      // The registry moved the tag too.
      auto before = other.tags.size() + other.registry_tags.size();
      std::erase(other.tags, reference);
      std::erase(other.registry_tags, reference);
      if (other.tags.size() + other.registry_tags.size() != before) {
        store::put_ecr_image(db, other);
      }
    }
  }
  auto image = store::find_ecr_image(db, repo.region, repo.name, digest);
  if (!image) {
    image = store::ecr_image{};
    image->region = repo.region;
    image->repository = repo.name;
    image->digest = digest;
    image->pushed_at = now;
    image->manifest = manifest;
    image->media_type = manifest_media_type(manifest, content_type);
    image->size = manifest_size(manifest);
  }
  if (tag && std::find(image->tags.begin(), image->tags.end(), reference) == image->tags.end()) {
    image->tags.push_back(reference);
  }
  image->registry_tags = image->tags;
  store::put_ecr_image(db, *image);
}

}  // namespace minecs::registry
