#pragma once
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/core/json.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/services/ecr.hpp"
#include "minecs/store/ecr_records.hpp"

// Helpers shared by the ECR handlers of this directory.
namespace minecs::ecr {

// Registration, one per source file; register_handlers calls them all.
void add_repository_handlers(api::handler_table& table, const options& opts);
void add_image_handlers(api::handler_table& table);
void add_auth_handler(api::handler_table& table, const options& opts);
void add_policy_handlers(api::handler_table& table);
void add_tag_handlers(api::handler_table& table);

// GetAuthorizationToken's tokens last 12 hours, as on AWS.
constexpr double token_lifetime_seconds = 12 * 3600;

service_error repository_not_found(const api::request_context& ctx, const std::string& name);

// "arn:aws:ecr:<region>:<account>:repository/<name>".
std::string repository_arn(const scope& s, const std::string& name);
// The registryId of a request: absent, or the configured account (another account's registry
// does not exist here).
std::string registry_id(const api::request_context& ctx, const json& input);

// Inside a transaction: the input's repositoryName, or RepositoryNotFoundException.
store::ecr_repository need_repository(api::request_context& ctx, const json& input);

json render_repository(const store::ecr_repository& r, const std::string& endpoint);

// An imageId of a request ({imageDigest?, imageTag?}) and what it picks among the images.
struct image_id {
  std::string digest;
  std::string tag;
};
image_id read_image_id(const json& id);
json render_image_id(const image_id& id);
// The image an id names; nullptr when none does. `mismatch` is set when the tag names another
// image than the digest.
const store::ecr_image* find_image(const std::vector<store::ecr_image>& images, const image_id& id,
                                   bool& mismatch);

}  // namespace minecs::ecr

namespace minecs::ecr {

// One page of `items` (rendered already): from the nextToken's offset, at most maxResults
// (`limit` at most). Sets out[key] and, when more remain, out["nextToken"].
void page_into(json& out, const char* key, const json& input, const char* listing,
               std::vector<json> items, int default_size, int limit);

}  // namespace minecs::ecr
