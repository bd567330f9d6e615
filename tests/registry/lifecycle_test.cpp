#include "minecs/registry/lifecycle.hpp"

#include <gtest/gtest.h>

namespace minecs::registry {
namespace {

constexpr double day = 86400;

std::vector<std::string> expire(const std::string& policy,
                                const std::vector<lifecycle_image>& images, double now) {
  return expired_images(parse_lifecycle_policy(policy), images, now);
}

TEST(Lifecycle, CountKeepsTheNewest) {
  auto policy =
      R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"any",)"
      R"("countType":"imageCountMoreThan","countNumber":2},"action":{"type":"expire"}}]})";
  std::vector<lifecycle_image> images = {
      {"a", {"1"}, 10}, {"b", {"2"}, 30}, {"c", {}, 20}, {"d", {"4"}, 40}};
  EXPECT_EQ(expire(policy, images, 50), (std::vector<std::string>{"c", "a"}));
}

TEST(Lifecycle, AgeExpiresWhatWasPushedBeforeTheDays) {
  auto policy = R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged",)"
                R"("countType":"sinceImagePushed","countUnit":"days","countNumber":3},)"
                R"("action":{"type":"expire"}}]})";
  std::vector<lifecycle_image> images = {
      {"old", {}, 0}, {"young", {}, 2 * day}, {"tagged", {"v"}, 0}};
  EXPECT_EQ(expire(policy, images, 4 * day), std::vector<std::string>{"old"});
}

TEST(Lifecycle, PrefixesMustAllMatchAndAnImageIsJudgedByItsFirstRuleOnly) {
  auto policy =
      R"({"rules":[)"
      R"({"rulePriority":1,"selection":{"tagStatus":"tagged","tagPrefixList":["prod","v"],)"
      R"("countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}},)"
      R"({"rulePriority":2,"selection":{"tagStatus":"any",)"
      R"("countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]})";
  std::vector<lifecycle_image> images = {{"p1", {"prod-1", "v1"}, 10},
                                         {"p2", {"prod-2", "v2"}, 20},
                                         {"only-prod", {"prod-3"}, 30},
                                         {"dev", {"dev"}, 40}};
  // p1 and p2 are the first rule's (one stays: p2); the rest are the second's (one stays: dev).
  EXPECT_EQ(expire(policy, images, 50), (std::vector<std::string>{"p1", "only-prod"}));
}

TEST(Lifecycle, PatternsUseWildcards) {
  auto policy =
      R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged",)"
      R"("tagPatternList":["release-*-rc"],"countType":"imageCountMoreThan","countNumber":1},)"
      R"("action":{"type":"expire"}}]})";
  std::vector<lifecycle_image> images = {
      {"a", {"release-1-rc"}, 1}, {"b", {"release-2-rc"}, 2}, {"c", {"release-3"}, 3}};
  EXPECT_EQ(expire(policy, images, 5), std::vector<std::string>{"a"});
}

TEST(Lifecycle, InvalidPoliciesAreRefusedWithEcrsText) {
  auto refused = [](const std::string& text) {
    try {
      parse_lifecycle_policy(text);
    } catch (const invalid_policy& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(refused("[]").find("Lifecycle policy validation failure"), std::string::npos);
  EXPECT_FALSE(refused(R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"tagged",)"
                       R"("countType":"imageCountMoreThan","countNumber":1},)"
                       R"("action":{"type":"expire"}}]})")
                   .empty());
  EXPECT_FALSE(refused(R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"any",)"
                       R"("countType":"sinceImagePushed","countNumber":1},)"
                       R"("action":{"type":"expire"}}]})")
                   .empty());
  // "any" must come last.
  EXPECT_FALSE(refused(R"({"rules":[)"
                       R"({"rulePriority":1,"selection":{"tagStatus":"any",)"
                       R"("countType":"imageCountMoreThan","countNumber":1},)"
                       R"("action":{"type":"expire"}},)"
                       R"({"rulePriority":2,"selection":{"tagStatus":"untagged",)"
                       R"("countType":"imageCountMoreThan","countNumber":1},)"
                       R"("action":{"type":"expire"}}]})")
                   .empty());
  EXPECT_FALSE(refused(R"({"rules":[{"rulePriority":0,"selection":{"tagStatus":"any",)"
                       R"("countType":"imageCountMoreThan","countNumber":1},)"
                       R"("action":{"type":"expire"}}]})")
                   .empty());
}

}  // namespace
}  // namespace minecs::registry
