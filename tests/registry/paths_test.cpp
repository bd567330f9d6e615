#include "paths.hpp"

#include <gtest/gtest.h>

#include "minecs/api/pagination.hpp"

namespace minecs::registry {
namespace {

TEST(RegistryPaths, ApiPathsNameTheirRepository) {
  auto m = parse_api_path("/v2/team/app/manifests/v1");
  EXPECT_EQ(m.what, api_path::kind::manifest);
  EXPECT_EQ(m.repository, "team/app");
  EXPECT_EQ(m.reference, "v1");
  auto b = parse_api_path("/v2/app/blobs/uploads/?mount=x");
  EXPECT_EQ(b.what, api_path::kind::blob);
  EXPECT_EQ(b.repository, "app");
  EXPECT_EQ(parse_api_path("/v2/app/tags/list?n=10").what, api_path::kind::tags);
  EXPECT_EQ(parse_api_path("/v2/").what, api_path::kind::base);
  EXPECT_EQ(parse_api_path("/v2/_catalog").what, api_path::kind::other);
  // A name holding a marker word: the last marker counts.
  EXPECT_EQ(parse_api_path("/v2/blobs/x/manifests/latest").repository, "blobs/x");
}

TEST(RegistryPaths, BasicCredentialsOfAwsOnly) {
  EXPECT_EQ(basic_password("Basic " + api::base64_encode("AWS:secret")), "secret");
  EXPECT_EQ(basic_password("basic " + api::base64_encode("AWS:s")), "s");
  EXPECT_FALSE(basic_password("Basic " + api::base64_encode("bob:secret")));
  EXPECT_FALSE(basic_password("Bearer abc"));
  EXPECT_FALSE(basic_password(""));
}

TEST(RegistryPaths, ImageNamesSplit) {
  auto a = split_image_name("127.0.0.1:5000/team/app:v1");
  EXPECT_EQ(a.host, "127.0.0.1:5000");
  EXPECT_EQ(a.repository, "team/app");
  EXPECT_EQ(a.reference, "v1");
  auto b = split_image_name("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:ab");
  EXPECT_TRUE(is_ecr_host(b.host));
  EXPECT_EQ(b.reference, "sha256:ab");
  auto c = split_image_name("busybox");
  EXPECT_EQ(c.host, "");
  EXPECT_EQ(c.reference, "latest");
  EXPECT_FALSE(is_ecr_host("docker.io"));
}

TEST(RegistryPaths, SizeIsLayersAndConfig) {
  EXPECT_EQ(manifest_size(R"({"config":{"size":7},"layers":[{"size":100},{"size":20}]})"), 127);
  EXPECT_EQ(manifest_size("nope"), 0);
  EXPECT_EQ(manifest_media_type(R"({"mediaType":"m"})", "x"), "m");
  EXPECT_EQ(manifest_media_type("{}", "x"), "x");
}

TEST(RegistryPaths, RegistryAuthIsBase64UrlJson) {
  auto header = registry_auth_header("AWS", "p", "127.0.0.1:1");
  EXPECT_EQ(header.find('+'), std::string::npos);
  EXPECT_EQ(header.find('/'), std::string::npos);
}

}  // namespace
}  // namespace minecs::registry
