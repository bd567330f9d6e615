#pragma once
// ECR's repositories and images as typed records. An image is one manifest of a repository, by
// digest, with the tags that point at it; the proxy in front of the registry records it when a
// push stores its manifest. Images deleted from the store are queued for the registry sync, which
// removes them from the registry itself.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minecs/core/json.hpp"
#include "minecs/store/database.hpp"

namespace minecs::store {

struct ecr_repository {
  std::string region;
  std::string name;
  std::string arn;
  std::string registry_id;  // the account
  double created_at = 0;
  std::string tag_mutability = "MUTABLE";  // MUTABLE, IMMUTABLE
  bool scan_on_push = false;
  std::string encryption_type = "AES256";
  std::string kms_key;
  std::string lifecycle_policy;  // the policy text as given; empty: none
  double lifecycle_updated_at = 0;
  std::string repository_policy;  // empty: none
};

struct ecr_image {
  std::string region;
  std::string repository;
  std::string digest;  // sha256:...
  std::vector<std::string> tags;
  // The tags the registry holds for it: the sync adds those PutImage gave and drops those
  // BatchDeleteImage took.
  std::vector<std::string> registry_tags;
  std::string manifest;  // the manifest's bytes as pushed
  std::string media_type;
  std::int64_t size = 0;  // what ECR reports: the layers and the config, compressed
  double pushed_at = 0;
  double last_pulled_at = 0;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ecr_repository, region, name, arn, registry_id,
                                                created_at, tag_mutability, scan_on_push,
                                                encryption_type, kms_key, lifecycle_policy,
                                                lifecycle_updated_at, repository_policy)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ecr_image, region, repository, digest, tags,
                                                registry_tags, manifest, media_type, size,
                                                pushed_at, last_pulled_at)

// Inside database::read()/write() only.
std::optional<ecr_repository> find_ecr_repository(database& db, const std::string& region,
                                                  const std::string& name);
// The registry has one namespace of repository names: the repository of that name in `region`,
// else in any region.
std::optional<ecr_repository> find_ecr_repository_any_region(database& db,
                                                             const std::string& region,
                                                             const std::string& name);
// In the order they were created.
std::vector<ecr_repository> list_ecr_repositories(database& db, const std::string& region);
std::vector<ecr_repository> list_all_ecr_repositories(database& db);
void put_ecr_repository(database& db, const ecr_repository& r);
// Also deletes its images (queued for the registry).
void delete_ecr_repository(database& db, const std::string& region, const std::string& name);

// Oldest push first.
std::vector<ecr_image> list_ecr_images(database& db, const std::string& region,
                                       const std::string& repository);
std::optional<ecr_image> find_ecr_image(database& db, const std::string& region,
                                        const std::string& repository, const std::string& digest);
void put_ecr_image(database& db, const ecr_image& image);
// Deletes the record and queues the manifest's removal from the registry.
void delete_ecr_image(database& db, const std::string& region, const std::string& repository,
                      const std::string& digest);

// Manifests to remove from the registry: (repository, digest), oldest first.
struct ecr_registry_removal {
  std::string repository;
  std::string digest;
};
std::vector<ecr_registry_removal> pending_ecr_removals(database& db);
void done_ecr_removal(database& db, const ecr_registry_removal& r);

// GetAuthorizationToken's tokens, which the registry proxy accepts until they expire.
void put_ecr_token(database& db, const std::string& token, double expires_at);
bool ecr_token_valid(database& db, const std::string& token, double now);
void drop_expired_ecr_tokens(database& db, double now);

}  // namespace minecs::store
