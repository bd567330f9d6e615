#include "filters.hpp"

#include <gtest/gtest.h>

#include "minecs/core/service_error.hpp"
#include "minecs/core/wildcard.hpp"

namespace minecs::ec2 {
namespace {

// EC2's filters: with backslash escapes.
constexpr wildcard_syntax ec2_syntax{.backslash_escapes = true};

TEST(Ec2Filters, Wildcards) {
  EXPECT_TRUE(wildcard_match("vpc-123", "vpc-123", ec2_syntax));
  EXPECT_FALSE(wildcard_match("vpc-123", "vpc-1234", ec2_syntax));
  EXPECT_TRUE(wildcard_match("vpc-*", "vpc-1234", ec2_syntax));
  EXPECT_TRUE(wildcard_match("*", "", ec2_syntax));
  EXPECT_TRUE(wildcard_match("*-a?c", "x-abc", ec2_syntax));
  EXPECT_FALSE(wildcard_match("*-a?c", "x-ac", ec2_syntax));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXXbYYbc", ec2_syntax));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXXbYYb", ec2_syntax));
  EXPECT_TRUE(wildcard_match("web\\*", "web*", ec2_syntax));
  EXPECT_FALSE(wildcard_match("web\\*", "webserver", ec2_syntax));
  EXPECT_TRUE(wildcard_match("what\\?", "what?", ec2_syntax));
  EXPECT_FALSE(wildcard_match("what\\?", "whatx", ec2_syntax));
}

TEST(Ec2Filters, ParsesTheRequestMember) {
  json input{{"Filters",
              json::array({{{"Name", "vpc-id"}, {"Values", {"a", "b"}}}, {{"Name", "state"}}})}};
  auto filters = parse_filters(input);
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].name, "vpc-id");
  EXPECT_EQ(filters[0].values, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(filters[1].values.empty());
  EXPECT_TRUE(parse_filters(json::object()).empty());
}

TEST(Ec2Filters, UnknownNamesAreRefused) {
  filter_fields known{{"vpc-id", {}}, {"state", {}}};
  EXPECT_NO_THROW(check_filter_names({{"vpc-id", {}}, {"tag:Name", {}}, {"tag-key", {}}}, known));
  try {
    check_filter_names({{"vpc-idd", {"x"}}}, known);
    ADD_FAILURE();
  } catch (const service_error& e) {
    EXPECT_EQ(e.code(), "InvalidParameterValue");
    EXPECT_EQ(std::string(e.what()), "The filter 'vpc-idd' is invalid");
  }
}

TEST(Ec2Filters, FiltersAreAndedAndTheirValuesOred) {
  filter_fields fields{{"vpc-id", {"vpc-1"}}, {"state", {"available"}}, {"cidr", {}}};
  std::vector<store::tag> tags{{"Name", "web"}, {"team", "a"}};
  EXPECT_TRUE(filters_match({}, fields, tags));
  EXPECT_TRUE(filters_match({{"vpc-id", {"vpc-2", "vpc-1"}}}, fields, tags));
  EXPECT_FALSE(filters_match({{"vpc-id", {"vpc-2"}}}, fields, tags));
  EXPECT_FALSE(filters_match({{"vpc-id", {"vpc-1"}}, {"state", {"pending"}}}, fields, tags));
  EXPECT_FALSE(filters_match({{"cidr", {"*"}}}, fields, tags));
  EXPECT_TRUE(filters_match({{"tag:Name", {"w*"}}}, fields, tags));
  EXPECT_FALSE(filters_match({{"tag:Name", {"a"}}}, fields, tags));
  EXPECT_FALSE(filters_match({{"tag:Missing", {"*"}}}, fields, tags));
  EXPECT_TRUE(filters_match({{"tag-key", {"team"}}}, fields, tags));
  EXPECT_TRUE(filters_match({{"tag-value", {"a"}}}, fields, tags));
  EXPECT_FALSE(filters_match({{"tag-value", {"b"}}}, fields, tags));
}

// Describe calls test the fields first and read the tags only when those pass: each half sees
// only its own filters, and together they decide as filters_match does.
TEST(Ec2Filters, FieldAndTagHalvesEachSeeTheirOwnFilters) {
  filter_fields fields{{"vpc-id", {"vpc-1"}}, {"state", {"available"}}};
  std::vector<store::tag> tags{{"Name", "web"}};
  std::vector<filter> both_pass{{"vpc-id", {"vpc-1"}}, {"tag:Name", {"web"}}};
  std::vector<filter> field_fails{{"vpc-id", {"vpc-2"}}, {"tag:Name", {"web"}}};
  std::vector<filter> tag_fails{{"vpc-id", {"vpc-1"}}, {"tag:Name", {"db"}}};
  EXPECT_TRUE(field_filters_match(both_pass, fields));
  EXPECT_TRUE(tag_filters_match(both_pass, tags));
  EXPECT_FALSE(field_filters_match(field_fails, fields));
  EXPECT_TRUE(tag_filters_match(field_fails, tags));
  EXPECT_TRUE(field_filters_match(tag_fails, fields));
  EXPECT_FALSE(tag_filters_match(tag_fails, tags));
  // A tag filter never fails the field half, even with no tags at all, nor a field filter the
  // tag half.
  EXPECT_TRUE(field_filters_match({{"tag:Missing", {"*"}}}, fields));
  EXPECT_TRUE(tag_filters_match({{"vpc-id", {"vpc-9"}}}, {}));
  for (const auto& f : {both_pass, field_fails, tag_fails}) {
    EXPECT_EQ(filters_match(f, fields, tags),
              field_filters_match(f, fields) && tag_filters_match(f, tags));
  }
}

TEST(Ec2Filters, LiteralValuesOfAFilter) {
  std::vector<filter> filters{{"state", {"available"}}, {"vpc-id", {"vpc-1", "vpc-2"}}};
  EXPECT_EQ(literal_filter_values(filters, "vpc-id"), (std::vector<std::string>{"vpc-1", "vpc-2"}));
  EXPECT_EQ(literal_filter_values(filters, "subnet-id"), std::nullopt);
  EXPECT_EQ(literal_filter_values({{"vpc-id", {"vpc-1", "vpc-*"}}}, "vpc-id"), std::nullopt);
  EXPECT_EQ(literal_filter_values({{"vpc-id", {"vpc-?"}}}, "vpc-id"), std::nullopt);
  EXPECT_EQ(literal_filter_values({{"vpc-id", {"vpc\\-1"}}}, "vpc-id"), std::nullopt);
  // No values: no record can match, and an empty list of parents says just that.
  EXPECT_EQ(literal_filter_values({{"vpc-id", {}}}, "vpc-id"), std::vector<std::string>{});
}

}  // namespace
}  // namespace minecs::ec2
