#include "ecr_fixture.hpp"

namespace minecs::ecr {
namespace {

TEST_F(EcrTest, CreateRepositoryAnswersItsUriOnTheRegistryProxy) {
  auto r = create("team/app", {{"imageTagMutability", "IMMUTABLE"},
                               {"imageScanningConfiguration", {{"scanOnPush", true}}}})
               .at("repository");
  EXPECT_EQ(r.at("repositoryUri"), "127.0.0.1:5123/team/app");
  EXPECT_EQ(r.at("repositoryArn"), "arn:aws:ecr:us-east-1:000000000000:repository/team/app");
  EXPECT_EQ(r.at("registryId"), "000000000000");
  EXPECT_EQ(r.at("imageTagMutability"), "IMMUTABLE");
  EXPECT_EQ(r.at("imageScanningConfiguration").at("scanOnPush"), true);
  EXPECT_EQ(r.at("encryptionConfiguration").at("encryptionType"), "AES256");
  EXPECT_EQ(r.at("createdAt"), 1700000000.0);
}

TEST_F(EcrTest, SecondCreateOfANameIsRepositoryAlreadyExists) {
  create("app");
  EXPECT_EQ(code_of("CreateRepository", {{"repositoryName", "app"}}),
            "RepositoryAlreadyExistsException");
}

TEST_F(EcrTest, NamesThePatternRefusesAreInvalid) {
  EXPECT_EQ(code_of("CreateRepository", {{"repositoryName", "Upper"}}),
            "InvalidParameterException");
  EXPECT_EQ(code_of("CreateRepository", {{"repositoryName", "x"}, {"registryId", "111111111111"}}),
            "InvalidParameterException");
}

TEST_F(EcrTest, DescribeRepositoriesByNameAndPaged) {
  create("aa");
  create("bb");
  create("cc");
  auto page = call("DescribeRepositories", {{"maxResults", 2}});
  ASSERT_EQ(page.at("repositories").size(), 2u);
  auto rest = call("DescribeRepositories", {{"nextToken", page.at("nextToken")}});
  ASSERT_EQ(rest.at("repositories").size(), 1u);
  EXPECT_EQ(rest.at("repositories")[0].at("repositoryName"), "cc");
  EXPECT_FALSE(rest.contains("nextToken"));
  EXPECT_EQ(code_of("DescribeRepositories", {{"repositoryNames", {"aa", "zz"}}}),
            "RepositoryNotFoundException");
}

TEST_F(EcrTest, DeleteRepositoryWithImagesNeedsForce) {
  create("app");
  pushed("app", "sha256:aa", {"v1"}, 1);
  EXPECT_EQ(code_of("DeleteRepository", {{"repositoryName", "app"}}),
            "RepositoryNotEmptyException");
  call("DeleteRepository", {{"repositoryName", "app"}, {"force", true}});
  EXPECT_EQ(code_of("DescribeRepositories", {{"repositoryNames", {"app"}}}),
            "RepositoryNotFoundException");
  // The registry sync is told to remove the manifest.
  auto pending = db_.read([&] { return store::pending_ecr_removals(db_); });
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].digest, "sha256:aa");
}

TEST_F(EcrTest, MutabilityAndScanningAreStored) {
  create("app");
  call("PutImageTagMutability", {{"repositoryName", "app"}, {"imageTagMutability", "IMMUTABLE"}});
  call("PutImageScanningConfiguration",
       {{"repositoryName", "app"}, {"imageScanningConfiguration", {{"scanOnPush", true}}}});
  auto r = call("DescribeRepositories", {{"repositoryNames", {"app"}}}).at("repositories")[0];
  EXPECT_EQ(r.at("imageTagMutability"), "IMMUTABLE");
  EXPECT_EQ(r.at("imageScanningConfiguration").at("scanOnPush"), true);
  EXPECT_EQ(code_of("PutImageTagMutability",
                    {{"repositoryName", "nope"}, {"imageTagMutability", "MUTABLE"}}),
            "RepositoryNotFoundException");
}

}  // namespace
}  // namespace minecs::ecr
