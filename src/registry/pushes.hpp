#pragma once
#include <optional>
#include <string>

#include "minecs/store/ecr_records.hpp"

// The proxy's part in a push, on the store: whether ECR lets a request through, and the image
// record a stored manifest makes.
namespace minecs::registry {

// A refusal in the registry API's error shape ({"errors":[{code,message}]}).
struct refusal {
  int status = 400;
  std::string code;
  std::string message;
};

// The repository a registry request names (registry names are one namespace: `region`'s first,
// else any region's), or the NAME_UNKNOWN refusal ECR answers. Inside a read.
std::optional<store::ecr_repository> repository_for(store::database& db, const std::string& region,
                                                    const std::string& account,
                                                    const std::string& name, refusal& why);

// A manifest PUT under `reference` (a tag or a digest): refused when the repository is IMMUTABLE
// and the tag already names another manifest. Inside a read.
std::optional<refusal> check_manifest_push(store::database& db, const store::ecr_repository& repo,
                                           const std::string& reference,
                                           const std::string& manifest);

// Records the manifest the registry stored (its digest from Docker-Content-Digest): a new image
// or the existing one, the tag moved to it from any other image. Inside a write.
void record_push(store::database& db, const store::ecr_repository& repo,
                 const std::string& reference, const std::string& digest,
                 const std::string& manifest, const std::string& content_type, double now);

}  // namespace minecs::registry
