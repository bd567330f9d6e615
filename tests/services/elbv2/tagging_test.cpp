// AddTags, RemoveTags and DescribeTags on every kind of ELBv2 resource.
#include <gtest/gtest.h>

#include "elbv2_fixture.hpp"

namespace minecs::elbv2 {
namespace {

class TaggingTest : public Elbv2Test {
 protected:
  TaggingTest() { make_network(); }
  json tags_of(const std::string& arn) {
    return call("DescribeTags", {{"ResourceArns", {arn}}})["TagDescriptions"][0]["Tags"];
  }
};

TEST_F(TaggingTest, EveryKindCanBeTagged) {
  auto lb = make_lb("web", {{"Tags", {{{"Key", "env"}, {"Value", "dev"}}}}});
  auto tg = make_tg("web");
  auto listener = make_listener(lb, tg);
  auto rule =
      call("CreateRule", {{"ListenerArn", listener},
                          {"Priority", 1},
                          {"Conditions", {{{"Field", "path-pattern"}, {"Values", {"/"}}}}},
                          {"Actions", forward_to(tg)},
                          {"Tags", {{{"Key", "r"}, {"Value", "1"}}}}})["Rules"][0]["RuleArn"]
          .get<std::string>();
  EXPECT_EQ(tags_of(lb), json::array({{{"Key", "env"}, {"Value", "dev"}}}));
  EXPECT_EQ(tags_of(rule), json::array({{{"Key", "r"}, {"Value", "1"}}}));
  call("AddTags",
       {{"ResourceArns", {lb, tg, listener, rule}}, {"Tags", {{{"Key", "team"}, {"Value", "a"}}}}});
  auto described = call("DescribeTags", {{"ResourceArns", {tg, listener}}})["TagDescriptions"];
  ASSERT_EQ(described.size(), 2u);
  EXPECT_EQ(described[0]["ResourceArn"], tg);
  EXPECT_EQ(described[0]["Tags"], json::array({{{"Key", "team"}, {"Value", "a"}}}));
  EXPECT_EQ(described[1]["ResourceArn"], listener);
  call("AddTags", {{"ResourceArns", {lb}}, {"Tags", {{{"Key", "env"}, {"Value", "prod"}}}}});
  call("RemoveTags", {{"ResourceArns", {lb}}, {"TagKeys", {"team"}}});
  EXPECT_EQ(tags_of(lb), json::array({{{"Key", "env"}, {"Value", "prod"}}}));
}

TEST_F(TaggingTest, ErrorsNameTheKindThatIsMissing) {
  auto lb = make_lb("web");
  auto tg = make_tg("web");
  auto listener = make_listener(lb, tg);
  json tags = {{{"Key", "k"}, {"Value", "v"}}};
  EXPECT_EQ(code_of("AddTags", {{"ResourceArns", {lb + "0"}}, {"Tags", tags}}),
            "LoadBalancerNotFound");
  EXPECT_EQ(code_of("AddTags", {{"ResourceArns", {tg + "0"}}, {"Tags", tags}}),
            "TargetGroupNotFound");
  EXPECT_EQ(code_of("DescribeTags", {{"ResourceArns", {listener + "0"}}}), "ListenerNotFound");
  EXPECT_EQ(code_of("RemoveTags", {{"ResourceArns", {"arn:aws:s3:::bucket"}}, {"TagKeys", {"k"}}}),
            "ValidationError");
  // One missing resource fails the whole call.
  EXPECT_EQ(code_of("AddTags", {{"ResourceArns", {lb, tg + "0"}}, {"Tags", tags}}),
            "TargetGroupNotFound");
  EXPECT_EQ(tags_of(lb), json::array());
}

TEST_F(TaggingTest, DuplicateKeysAndTheLimit) {
  auto tg = make_tg("web");
  EXPECT_EQ(code_of("AddTags",
                    {{"ResourceArns", {tg}},
                     {"Tags", {{{"Key", "a"}, {"Value", "1"}}, {{"Key", "a"}, {"Value", "2"}}}}}),
            "DuplicateTagKeys");
  json fifty = json::array();
  for (int i = 0; i < 50; ++i) {
    fifty.push_back({{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  }
  EXPECT_EQ(code_of("AddTags", {{"ResourceArns", {tg}}, {"Tags", fifty}}), "");
  EXPECT_EQ(
      code_of("AddTags", {{"ResourceArns", {tg}}, {"Tags", {{{"Key", "k0"}, {"Value", "w"}}}}}),
      "");
  EXPECT_EQ(
      code_of("AddTags", {{"ResourceArns", {tg}}, {"Tags", {{{"Key", "new"}, {"Value", "w"}}}}}),
      "TooManyTags");
  EXPECT_EQ(code_of("AddTags", {{"ResourceArns", {tg}}, {"Tags", {{{"Key", "aws:x"}}}}}),
            "ValidationError");
}

}  // namespace
}  // namespace minecs::elbv2
