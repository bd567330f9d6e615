#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ecr {

namespace {

bool has_tag(const store::ecr_image& i, const std::string& tag) {
  return std::find(i.tags.begin(), i.tags.end(), tag) != i.tags.end();
}

// filter.tagStatus: TAGGED, UNTAGGED or ANY (the default).
bool passes_filter(const json& input, const store::ecr_image& i) {
  auto filter = api::member_or(input, "filter", json::object());
  auto status = api::str(filter, "tagStatus", "ANY");
  if (status == "TAGGED") {
    return !i.tags.empty();
  }
  if (status == "UNTAGGED") {
    return i.tags.empty();
  }
  return true;
}

std::string null_or(const std::string& s) {
  return s.empty() ? "null" : s;
}

service_error image_not_found(const api::request_context& ctx, const store::ecr_repository& r,
                              const image_id& id) {
  return {"ImageNotFoundException",
          "The image with imageId {imageDigest:'" + null_or(id.digest) + "', imageTag:'" +
              null_or(id.tag) + "'} does not exist within the repository with name '" + r.name +
              "' in the registry with id '" + ctx.scope.account + "'"};
}

json failure(const image_id& id, const char* code, const char* reason) {
  return {{"imageId", render_image_id(id)}, {"failureCode", code}, {"failureReason", reason}};
}

std::vector<image_id> read_image_ids(const json& input) {
  std::vector<image_id> out;
  for (const auto& id : api::member_or(input, "imageIds", json::array())) {
    out.push_back(read_image_id(id));
  }
  return out;
}

json list_images(api::request_context& ctx, const json& input) {
  auto items = ctx.db.read([&] {
    auto repo = need_repository(ctx, input);
    std::vector<json> out;
    for (const auto& i : store::list_ecr_images(ctx.db, repo.region, repo.name)) {
      if (!passes_filter(input, i)) {
        continue;
      }
      if (i.tags.empty()) {
        out.push_back(render_image_id({i.digest, ""}));
      }
      for (const auto& t : i.tags) {
        out.push_back(render_image_id({i.digest, t}));
      }
    }
    return out;
  });
  json out = json::object();
  page_into(out, "imageIds", input, "ListImages", std::move(items), 100, 1000);
  return out;
}

json image_detail(const api::request_context& ctx, const store::ecr_image& i) {
  json d{{"registryId", ctx.scope.account}, {"repositoryName", i.repository},
         {"imageDigest", i.digest},         {"imageSizeInBytes", i.size},
         {"imagePushedAt", i.pushed_at},    {"imageManifestMediaType", i.media_type}};
  if (!i.tags.empty()) {
    d["imageTags"] = i.tags;
  }
  auto manifest = json::parse(i.manifest, nullptr, false);
  if (manifest.is_object() && manifest.contains("config") && manifest["config"].is_object()) {
    d["artifactMediaType"] = manifest["config"].value("mediaType", std::string());
  }
  return d;
}

json describe_images(api::request_context& ctx, const json& input) {
  auto ids = read_image_ids(input);
  auto items = ctx.db.read([&] {
    auto repo = need_repository(ctx, input);
    auto images = store::list_ecr_images(ctx.db, repo.region, repo.name);
    std::vector<json> out;
    if (ids.empty()) {
      for (const auto& i : images) {
        if (passes_filter(input, i)) {
          out.push_back(image_detail(ctx, i));
        }
      }
      return out;
    }
    for (const auto& id : ids) {
      bool mismatch = false;
      const auto* i = find_image(images, id, mismatch);
      if (i == nullptr) {
        throw image_not_found(ctx, repo, id);
      }
      out.push_back(image_detail(ctx, *i));
    }
    return out;
  });
  json out = json::object();
  page_into(out, "imageDetails", input, "DescribeImages", std::move(items), 100, 1000);
  return out;
}

json batch_get_image(api::request_context& ctx, const json& input) {
  auto ids = read_image_ids(input);
  return ctx.db.read([&] {
    auto repo = need_repository(ctx, input);
    auto images = store::list_ecr_images(ctx.db, repo.region, repo.name);
    json found = json::array();
    json failures = json::array();
    for (const auto& id : ids) {
      if (id.digest.empty() && id.tag.empty()) {
        failures.push_back(failure(id, "MissingDigestAndTag",
                                   "Requested image does not specify a digest or a tag"));
        continue;
      }
      bool mismatch = false;
      const auto* i = find_image(images, id, mismatch);
      if (mismatch) {
        failures.push_back(
            failure(id, "ImageTagDoesNotMatchDigest", "Invalid image tag for provided digest"));
        continue;
      }
      if (i == nullptr) {
        failures.push_back(failure(id, "ImageNotFound", "Requested image not found"));
        continue;
      }
      found.push_back({{"registryId", ctx.scope.account},
                       {"repositoryName", repo.name},
                       {"imageId", render_image_id({i->digest, id.tag})},
                       {"imageManifest", i->manifest},
                       {"imageManifestMediaType", i->media_type}});
    }
    return json{{"images", found}, {"failures", failures}};
  });
}

json batch_delete_image(api::request_context& ctx, const json& input) {
  auto ids = read_image_ids(input);
  return ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    json deleted = json::array();
    json failures = json::array();
    for (const auto& id : ids) {
      if (id.digest.empty() && id.tag.empty()) {
        failures.push_back(failure(id, "MissingDigestAndTag",
                                   "Requested image does not specify a digest or a tag"));
        continue;
      }
      auto images = store::list_ecr_images(ctx.db, repo.region, repo.name);
      bool mismatch = false;
      const auto* i = find_image(images, id, mismatch);
      if (mismatch) {
        failures.push_back(
            failure(id, "ImageTagDoesNotMatchDigest", "Invalid image tag for provided digest"));
        continue;
      }
      if (i == nullptr) {
        failures.push_back(failure(id, "ImageNotFound", "Requested image not found"));
        continue;
      }
      auto image = *i;
      if (id.digest.empty()) {
        // A tag goes; the image goes with its last tag.
        std::erase(image.tags, id.tag);
        deleted.push_back(render_image_id({image.digest, id.tag}));
        if (image.tags.empty()) {
          store::delete_ecr_image(ctx.db, repo.region, repo.name, image.digest);
        } else {
          store::put_ecr_image(ctx.db, image);
        }
        continue;
      }
      if (image.tags.empty()) {
        deleted.push_back(render_image_id({image.digest, ""}));
      }
      for (const auto& t : image.tags) {
        deleted.push_back(render_image_id({image.digest, t}));
      }
      store::delete_ecr_image(ctx.db, repo.region, repo.name, image.digest);
    }
    return json{{"imageIds", deleted}, {"failures", failures}};
  });
}

// Tags a manifest that was pushed to the repository: minecs computes no digests, so a manifest
// is known by its exact bytes.
json put_image(api::request_context& ctx, const json& input) {
  auto manifest = api::str(input, "imageManifest");
  auto tag = api::str(input, "imageTag");
  auto digest = api::str(input, "imageDigest");
  return ctx.db.write([&] {
    auto repo = need_repository(ctx, input);
    auto images = store::list_ecr_images(ctx.db, repo.region, repo.name);
    auto it = std::find_if(images.begin(), images.end(),
                           [&](const store::ecr_image& i) { return i.manifest == manifest; });
    if (it == images.end()) {
      auto parsed = json::parse(manifest, nullptr, false);
      if (!parsed.is_object()) {
        throw invalid_parameter(
            "Invalid parameter at 'imageManifest' failed to satisfy "
            "constraint: 'Invalid JSON syntax'");
      }
      throw service_error(
          "LayersNotFoundException",
          "Layers required for pushing image into repository with name '" + repo.name +
              "' in registry with id '" + ctx.scope.account +
              "' do not exist: minecs tags only manifests pushed to the repository (docker push)");
    }
    auto image = *it;
    if (!digest.empty() && digest != image.digest) {
      throw invalid_parameter(
          "Invalid parameter at 'imageDigest' failed to satisfy constraint: "
          "'The digest does not match the manifest'");
    }
    if (tag.empty() || has_tag(image, tag)) {
      throw service_error("ImageAlreadyExistsException",
                          "Image with digest '" + image.digest + "'" +
                              (tag.empty() ? "" : " and tag '" + tag + "'") +
                              " already exists in the repository with name '" + repo.name +
                              "' in registry with id '" + ctx.scope.account + "'");
    }
    for (auto other : images) {
      if (other.digest == image.digest || !has_tag(other, tag)) {
        continue;
      }
      if (repo.tag_mutability == "IMMUTABLE") {
        throw service_error("ImageTagAlreadyExistsException",
                            "The image tag '" + tag + "' already exists in the '" + repo.name +
                                "' repository and cannot be overwritten because the repository "
                                "is immutable.");
      }
      std::erase(other.tags, tag);
      store::put_ecr_image(ctx.db, other);
    }
    image.tags.push_back(tag);
    store::put_ecr_image(ctx.db, image);
    return json{{"image",
                 {{"registryId", ctx.scope.account},
                  {"repositoryName", repo.name},
                  {"imageId", render_image_id({image.digest, tag})},
                  {"imageManifest", image.manifest},
                  {"imageManifestMediaType", image.media_type}}}};
  });
}

}  // namespace

void add_image_handlers(api::handler_table& table) {
  table.add("ListImages", list_images);
  table.add("DescribeImages", describe_images);
  table.add("BatchGetImage", batch_get_image);
  table.add("BatchDeleteImage", batch_delete_image);
  table.add("PutImage", put_image);
}

}  // namespace minecs::ecr
