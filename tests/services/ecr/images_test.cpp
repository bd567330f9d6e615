#include "ecr_fixture.hpp"

namespace minecs::ecr {
namespace {

class EcrImagesTest : public EcrTest {
 protected:
  EcrImagesTest() {
    create("app");
    pushed("app", "sha256:old", {"v1"}, 100);
    pushed("app", "sha256:new", {"v2", "latest"}, 200);
    pushed("app", "sha256:bare", {}, 300);
  }
};

TEST_F(EcrImagesTest, ListImagesGivesOneIdPerTagAndFilters) {
  auto all = call("ListImages", {{"repositoryName", "app"}}).at("imageIds");
  EXPECT_EQ(all.size(), 4u);
  auto untagged =
      call("ListImages", {{"repositoryName", "app"}, {"filter", {{"tagStatus", "UNTAGGED"}}}})
          .at("imageIds");
  ASSERT_EQ(untagged.size(), 1u);
  EXPECT_EQ(untagged[0], json({{"imageDigest", "sha256:bare"}}));
}

TEST_F(EcrImagesTest, DescribeImagesReportsWhatWasPushed) {
  auto d =
      call("DescribeImages", {{"repositoryName", "app"}, {"imageIds", {{{"imageTag", "latest"}}}}})
          .at("imageDetails");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].at("imageDigest"), "sha256:new");
  EXPECT_EQ(d[0].at("imageTags"), json({"v2", "latest"}));
  EXPECT_EQ(d[0].at("imageSizeInBytes"), 110);
  EXPECT_EQ(d[0].at("imagePushedAt"), 200.0);
  EXPECT_EQ(d[0].at("artifactMediaType"), "application/vnd.oci.image.config.v1+json");
  EXPECT_EQ(
      code_of("DescribeImages", {{"repositoryName", "app"}, {"imageIds", {{{"imageTag", "v9"}}}}}),
      "ImageNotFoundException");
}

TEST_F(EcrImagesTest, BatchGetImageAnswersManifestsAndFailures) {
  auto r = call("BatchGetImage", {{"repositoryName", "app"},
                                  {"imageIds",
                                   {{{"imageTag", "v1"}},
                                    {{"imageTag", "v9"}},
                                    {{"imageDigest", "sha256:new"}, {"imageTag", "v1"}}}}});
  ASSERT_EQ(r.at("images").size(), 1u);
  EXPECT_EQ(r.at("images")[0].at("imageId").at("imageDigest"), "sha256:old");
  EXPECT_NE(r.at("images")[0].at("imageManifest").get<std::string>().find("sha256:old"),
            std::string::npos);
  ASSERT_EQ(r.at("failures").size(), 2u);
  EXPECT_EQ(r.at("failures")[0].at("failureCode"), "ImageNotFound");
  EXPECT_EQ(r.at("failures")[1].at("failureCode"), "ImageTagDoesNotMatchDigest");
}

TEST_F(EcrImagesTest, BatchDeleteImageByTagKeepsTheImageWhileItHasOtherTags) {
  auto r = call("BatchDeleteImage",
                {{"repositoryName", "app"}, {"imageIds", {{{"imageTag", "latest"}}}}});
  EXPECT_EQ(r.at("imageIds"), json({{{"imageDigest", "sha256:new"}, {"imageTag", "latest"}}}));
  auto left =
      db_.read([&] { return store::find_ecr_image(db_, "us-east-1", "app", "sha256:new"); });
  ASSERT_TRUE(left);
  EXPECT_EQ(left->tags, std::vector<std::string>{"v2"});
  // The last tag takes the image with it.
  call("BatchDeleteImage", {{"repositoryName", "app"}, {"imageIds", {{{"imageTag", "v1"}}}}});
  EXPECT_FALSE(
      db_.read([&] { return store::find_ecr_image(db_, "us-east-1", "app", "sha256:old"); }));
  auto missing = call("BatchDeleteImage",
                      {{"repositoryName", "app"}, {"imageIds", {{{"imageDigest", "sha256:zz"}}}}});
  EXPECT_EQ(missing.at("failures")[0].at("failureCode"), "ImageNotFound");
}

TEST_F(EcrImagesTest, PutImageTagsAPushedManifestAndMovesTheTag) {
  auto manifest = call("BatchGetImage",
                       {{"repositoryName", "app"}, {"imageIds", {{{"imageDigest", "sha256:old"}}}}})
                      .at("images")[0]
                      .at("imageManifest")
                      .get<std::string>();
  auto r = call("PutImage",
                {{"repositoryName", "app"}, {"imageManifest", manifest}, {"imageTag", "latest"}});
  EXPECT_EQ(r.at("image").at("imageId").at("imageDigest"), "sha256:old");
  auto moved =
      db_.read([&] { return store::find_ecr_image(db_, "us-east-1", "app", "sha256:new"); });
  EXPECT_EQ(moved->tags, std::vector<std::string>{"v2"});
  EXPECT_EQ(code_of("PutImage",
                    {{"repositoryName", "app"}, {"imageManifest", manifest}, {"imageTag", "v1"}}),
            "ImageAlreadyExistsException");
  EXPECT_EQ(code_of("PutImage", {{"repositoryName", "app"},
                                 {"imageManifest", R"({"schemaVersion":2})"},
                                 {"imageTag", "x"}}),
            "LayersNotFoundException");
}

TEST_F(EcrImagesTest, PutImageOfAnImmutableTagIsImageTagAlreadyExists) {
  call("PutImageTagMutability", {{"repositoryName", "app"}, {"imageTagMutability", "IMMUTABLE"}});
  auto manifest = call("BatchGetImage",
                       {{"repositoryName", "app"}, {"imageIds", {{{"imageDigest", "sha256:old"}}}}})
                      .at("images")[0]
                      .at("imageManifest")
                      .get<std::string>();
  EXPECT_EQ(code_of("PutImage",
                    {{"repositoryName", "app"}, {"imageManifest", manifest}, {"imageTag", "v2"}}),
            "ImageTagAlreadyExistsException");
}

}  // namespace
}  // namespace minecs::ecr
