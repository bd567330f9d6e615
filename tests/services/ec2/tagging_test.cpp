#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

json tag_list(std::initializer_list<std::pair<const char*, const char*>> tags) {
  json out = json::array();
  for (const auto& [key, value] : tags) {
    out.push_back({{"Key", key}, {"Value", value}});
  }
  return out;
}

TEST_F(Ec2Test, CreateAndDescribeTags) {
  auto vpc = make_vpc();
  auto subnet = make_subnet(vpc, "10.0.0.0/24");
  call("CreateTags", {{"Resources", {vpc, subnet}}, {"Tags", tag_list({{"env", "dev"}})}});
  call("CreateTags",
       {{"Resources", {vpc}}, {"Tags", tag_list({{"Name", "main"}, {"env", "prod"}})}});
  auto tags = call("DescribeTags", json::object())["Tags"];
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(
      call("DescribeTags", filter("resource-id", vpc))["Tags"],
      json::array(
          {{{"Key", "Name"}, {"ResourceId", vpc}, {"ResourceType", "vpc"}, {"Value", "main"}},
           {{"Key", "env"}, {"ResourceId", vpc}, {"ResourceType", "vpc"}, {"Value", "prod"}}}));
  EXPECT_EQ(call("DescribeTags", filter("resource-type", "subnet"))["Tags"][0]["ResourceId"],
            subnet);
  EXPECT_EQ(call("DescribeTags", filter("value", "d*"))["Tags"].size(), 1u);
  EXPECT_EQ(call("DescribeTags", filter("key", "env"))["Tags"].size(), 2u);
  EXPECT_EQ(code_of("DescribeTags", filter("colour", "x")), "InvalidParameterValue");
  EXPECT_EQ(call("DescribeVpcs", {{"VpcIds", {vpc}}})["Vpcs"][0]["Tags"],
            tag_list({{"env", "prod"}, {"Name", "main"}}));
  // Other regions' tags are not listed.
  EXPECT_TRUE(call_in("eu-west-1", "DescribeTags", json::object())["Tags"].empty());
}

TEST_F(Ec2Test, DescribeTagsPages) {
  auto vpc = make_vpc();
  json tags = json::array();
  for (int i = 0; i < 7; ++i) {
    tags.push_back({{"Key", "k" + std::to_string(i)}, {"Value", ""}});
  }
  call("CreateTags", {{"Resources", {vpc}}, {"Tags", tags}});
  auto first = call("DescribeTags", {{"MaxResults", 5}});
  ASSERT_EQ(first["Tags"].size(), 5u);
  ASSERT_TRUE(first.contains("NextToken"));
  auto second = call("DescribeTags", {{"MaxResults", 5}, {"NextToken", first["NextToken"]}});
  EXPECT_EQ(second["Tags"].size(), 2u);
  EXPECT_FALSE(second.contains("NextToken"));
  EXPECT_EQ(second["Tags"][1]["Key"], "k6");
  EXPECT_EQ(code_of("DescribeVpcs", {{"NextToken", first["NextToken"]}}), "InvalidPaginationToken");
}

TEST_F(Ec2Test, CreateTagsChecksTheResources) {
  auto vpc = make_vpc();
  EXPECT_EQ(code_of("CreateTags", {{"Resources", {"i-nope"}}, {"Tags", tag_list({{"a", "b"}})}}),
            "InvalidID");
  EXPECT_EQ(code_of("CreateTags", {{"Resources", {vpc, "subnet-0123456789abcdef0"}},
                                   {"Tags", tag_list({{"a", "b"}})}}),
            "InvalidSubnetID.NotFound");
  EXPECT_EQ(code_of("CreateTags", {{"Resources", {vpc}}, {"Tags", tag_list({{"aws:x", "b"}})}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("CreateTags", {{"Resources", {vpc}}}), "MissingParameter");
  EXPECT_TRUE(call("DescribeTags", json::object())["Tags"].empty());
  json many = json::array();
  for (int i = 0; i < 51; ++i) {
    many.push_back({{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
  }
  EXPECT_EQ(code_of("CreateTags", {{"Resources", {vpc}}, {"Tags", many}}), "TagLimitExceeded");
  // Rules, groups, gateways and route tables are taggable too.
  auto group = make_group(vpc, "web");
  auto tables = call("DescribeRouteTables", filter("vpc-id", vpc))["RouteTables"];
  call("CreateTags",
       {{"Resources", {group, tables[0]["RouteTableId"]}}, {"Tags", tag_list({{"a", "b"}})}});
  EXPECT_EQ(values(call("DescribeTags", filter("key", "a"))["Tags"], "ResourceType"),
            (std::vector<std::string>{"route-table", "security-group"}));
}

TEST_F(Ec2Test, DeleteTags) {
  auto vpc = make_vpc();
  call("CreateTags",
       {{"Resources", {vpc}}, {"Tags", tag_list({{"a", "1"}, {"b", "2"}, {"c", "3"}})}});
  call("DeleteTags", {{"Resources", {vpc}}, {"Tags", json::array({{{"Key", "a"}}})}});
  // A value given must match.
  call("DeleteTags", {{"Resources", {vpc}}, {"Tags", tag_list({{"b", "other"}})}});
  EXPECT_EQ(values(call("DescribeTags", json::object())["Tags"], "Key"),
            (std::vector<std::string>{"b", "c"}));
  call("DeleteTags", {{"Resources", {vpc}}, {"Tags", tag_list({{"b", "2"}})}});
  EXPECT_EQ(values(call("DescribeTags", json::object())["Tags"], "Key"),
            std::vector<std::string>{"c"});
  // No Tags member removes every tag.
  call("DeleteTags", {{"Resources", {vpc}}});
  EXPECT_TRUE(call("DescribeTags", json::object())["Tags"].empty());
  EXPECT_EQ(code_of("DeleteTags", {{"Resources", {"vpc-0123456789abcdef0"}}}),
            "InvalidVpcID.NotFound");
}

}  // namespace
}  // namespace minecs::ec2
