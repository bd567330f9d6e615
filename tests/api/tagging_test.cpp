#include "minecs/api/tagging.hpp"

#include <gtest/gtest.h>

#include <string>

#include "handler_fixture.hpp"
#include "minecs/api/input.hpp"

namespace minecs::api {
namespace {

class TaggingTest : public test_support::handler_fixture {
 protected:
  TaggingTest() {
    // A service that spells its members in lower case and knows one resource.
    add_tag_handlers(table_, {.resource =
                                  [](request_context&, const json& input) {
                                    auto arn = str(input, "resourceArn");
                                    if (arn != known) {
                                      throw service_error("NotFound", "no " + arn);
                                    }
                                    return arn;
                                  },
                              .too_many_tags =
                                  [](const std::string& arn) {
                                    return service_error("TooMany", "too many on " + arn);
                                  },
                              .tags_member = "tags",
                              .keys_member = "tagKeys",
                              .listed_member = "tagList"});
  }

  json listed() { return call("ListTagsForResource", {{"resourceArn", known}})["tagList"]; }

  static constexpr const char* known = "arn:aws:test:us-east-1:000000000000:thing/a";
};

TEST_F(TaggingTest, TagsAreAddedReplacedListedAndRemovedUnderTheServicesSpelling) {
  call("TagResource",
       {{"resourceArn", known},
        {"tags", {{{"Key", "team"}, {"Value", "a"}}, {{"Key", "env"}, {"Value", "x"}}}}});
  call("TagResource", {{"resourceArn", known}, {"tags", {{{"Key", "team"}, {"Value", "b"}}}}});
  auto tags = listed();
  ASSERT_EQ(tags.size(), 2U);
  json by_key = json::object();
  for (const auto& t : tags) {
    by_key[t["Key"].get<std::string>()] = t["Value"];
  }
  EXPECT_EQ(by_key, (json{{"team", "b"}, {"env", "x"}}));

  call("UntagResource", {{"resourceArn", known}, {"tagKeys", {"team", "absent"}}});
  EXPECT_EQ(listed(), (json::array({{{"Key", "env"}, {"Value", "x"}}})));
}

TEST_F(TaggingTest, AnUnknownResourceGetsTheServicesErrorInEveryOperation) {
  json other = {{"resourceArn", "arn:aws:test:us-east-1:000000000000:thing/b"}};
  EXPECT_EQ(code_of("ListTagsForResource", other), "NotFound");
  json untag = other;
  untag["tagKeys"] = {"k"};
  EXPECT_EQ(code_of("UntagResource", untag), "NotFound");
  json tag = other;
  tag["tags"] = {{{"Key", "k"}, {"Value", "v"}}};
  EXPECT_EQ(code_of("TagResource", tag), "NotFound");
}

TEST_F(TaggingTest, AFiftyFirstTagIsRefusedAndNothingChanges) {
  json tags = json::array();
  for (int i = 0; i < 50; ++i) {
    tags.push_back({{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  }
  call("TagResource", {{"resourceArn", known}, {"tags", tags}});
  auto [code, message] = error_of(
      "TagResource",
      {{"resourceArn", known},
       {"tags", {{{"Key", "one-more"}, {"Value", "v"}}, {{"Key", "k0"}, {"Value", "changed"}}}}});
  EXPECT_EQ(code, "TooMany");
  EXPECT_EQ(message, std::string("too many on ") + known);
  auto after = listed();
  EXPECT_EQ(after.size(), 50U);
  for (const auto& t : after) {
    EXPECT_EQ(t["Value"], "v");
  }
}

}  // namespace
}  // namespace minecs::api
