#include "common.hpp"

#include <algorithm>

#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"

namespace minecs::ecr {

service_error repository_not_found(const api::request_context& ctx, const std::string& name) {
  return {"RepositoryNotFoundException", "The repository with name '" + name +
                                             "' does not exist in the registry with id '" +
                                             ctx.scope.account + "'"};
}

std::string repository_arn(const scope& s, const std::string& name) {
  return "arn:aws:ecr:" + s.region + ":" + s.account + ":repository/" + name;
}

std::string registry_id(const api::request_context& ctx, const json& input) {
  auto id = api::str(input, "registryId", ctx.scope.account);
  if (id != ctx.scope.account) {
    throw invalid_parameter(
        "Invalid parameter at 'registryId' failed to satisfy constraint: "
        "'The registry " +
        id + " does not exist here: minecs has the registry of account " + ctx.scope.account +
        " only'");
  }
  return id;
}

store::ecr_repository need_repository(api::request_context& ctx, const json& input) {
  registry_id(ctx, input);
  auto name = api::str(input, "repositoryName");
  auto repo = store::find_ecr_repository(ctx.db, ctx.scope.region, name);
  if (!repo) {
    throw repository_not_found(ctx, name);
  }
  return *repo;
}

json render_repository(const store::ecr_repository& r, const std::string& endpoint) {
  json encryption{{"encryptionType", r.encryption_type}};
  if (!r.kms_key.empty()) {
    encryption["kmsKey"] = r.kms_key;
  }
  return {{"repositoryArn", r.arn},
          {"registryId", r.registry_id},
          {"repositoryName", r.name},
          {"repositoryUri", endpoint + "/" + r.name},
          {"createdAt", r.created_at},
          {"imageTagMutability", r.tag_mutability},
          {"imageScanningConfiguration", {{"scanOnPush", r.scan_on_push}}},
          {"encryptionConfiguration", encryption}};
}

image_id read_image_id(const json& id) {
  return {api::str(id, "imageDigest"), api::str(id, "imageTag")};
}

json render_image_id(const image_id& id) {
  auto out = json::object();
  if (!id.digest.empty()) {
    out["imageDigest"] = id.digest;
  }
  if (!id.tag.empty()) {
    out["imageTag"] = id.tag;
  }
  return out;
}

const store::ecr_image* find_image(const std::vector<store::ecr_image>& images, const image_id& id,
                                   bool& mismatch) {
  mismatch = false;
  const store::ecr_image* by_digest = nullptr;
  const store::ecr_image* by_tag = nullptr;
  for (const auto& i : images) {
    if (!id.digest.empty() && i.digest == id.digest) {
      by_digest = &i;
    }
    if (!id.tag.empty() && std::find(i.tags.begin(), i.tags.end(), id.tag) != i.tags.end()) {
      by_tag = &i;
    }
  }
  if (!id.digest.empty() && !id.tag.empty()) {
    if (by_digest != nullptr && by_tag != by_digest) {
      mismatch = true;
      return nullptr;
    }
    return by_digest;
  }
  return id.digest.empty() ? by_tag : by_digest;
}

}  // namespace minecs::ecr

namespace minecs::ecr {

void page_into(json& out, const char* key, const json& input, const char* listing,
               std::vector<json> items, int default_size, int limit) {
  std::size_t start = 0;
  if (auto token = api::opt_str(input, "nextToken")) {
    auto at = api::decode_page_token(*token, listing);
    if (!at.is_number_unsigned() && !at.is_number_integer()) {
      throw invalid_parameter("Invalid parameter at 'nextToken' failed to satisfy constraint");
    }
    start = std::min(items.size(), at.get<std::size_t>());
  }
  auto size = static_cast<std::size_t>(api::page_size(input, default_size, limit));
  auto end = std::min(items.size(), start + size);
  out[key] = json::array();
  for (auto i = start; i < end; ++i) {
    out[key].push_back(std::move(items[i]));
  }
  if (end < items.size()) {
    out["nextToken"] = api::encode_page_token(api::make_page_cursor(listing, json(end)));
  }
}

}  // namespace minecs::ecr
