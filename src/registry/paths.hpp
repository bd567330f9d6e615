#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// What the registry proxy and the task pulls read from requests and image names. Pure.
namespace minecs::registry {

// A registry API path: /v2/<name>/manifests/<reference>, /v2/<name>/blobs/...,
// /v2/<name>/tags/list.
struct api_path {
  enum class kind { base, manifest, blob, tags, other };
  kind what = kind::other;
  std::string repository;  // empty for the base and other paths
  std::string reference;   // a manifest's tag or digest
};
api_path parse_api_path(std::string_view target);

// The password of "Authorization: Basic base64(AWS:<password>)"; nullopt for anything else.
std::optional<std::string> basic_password(std::string_view authorization);

// An image name split: "host:port/repo:tag" → {host:port, repo, tag}; "repo@sha256:x" keeps the
// digest as the reference; no tag means latest. No host: the first part has no '.' or ':' and is
// not localhost.
struct image_name {
  std::string host;
  std::string repository;
  std::string reference;
};
image_name split_image_name(std::string_view image);

// Whether the host is an ECR registry's: <12 digits>.dkr.ecr[-fips].<region>.amazonaws.com[.cn].
bool is_ecr_host(std::string_view host);

// What ECR reports as an image's size: its layers and config (compressed), or for an index its
// manifests. 0 when the manifest does not parse.
std::int64_t manifest_size(std::string_view manifest);
// The manifest's mediaType member, else `fallback` (the request's Content-Type).
std::string manifest_media_type(std::string_view manifest, std::string_view fallback);
// The config's mediaType (ECR's artifactMediaType), empty for an index.
std::string artifact_media_type(std::string_view manifest);

// X-Registry-Auth for Docker's pull: base64url of the credentials JSON.
std::string registry_auth_header(const std::string& user, const std::string& password,
                                 const std::string& server);

}  // namespace minecs::registry
