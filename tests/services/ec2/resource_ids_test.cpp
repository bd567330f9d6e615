#include "resource_ids.hpp"

#include <gtest/gtest.h>

#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST(Ec2ResourceIds, KindsByPrefix) {
  EXPECT_EQ(kind_of_id("vpc-0123456789abcdef0")->type, "vpc");
  EXPECT_EQ(kind_of_id("vpc-01234567")->type, "vpc");
  EXPECT_EQ(kind_of_id("sg-0123456789abcdef0")->type, "security-group");
  EXPECT_EQ(kind_of_id("sgr-0123456789abcdef0")->type, "security-group-rule");
  EXPECT_EQ(kind_of_id("subnet-0123456789abcdef0")->type, "subnet");
  EXPECT_EQ(kind_of_id("igw-0123456789abcdef0")->type, "internet-gateway");
  EXPECT_EQ(kind_of_id("rtb-0123456789abcdef0")->type, "route-table");
  EXPECT_EQ(kind_of_id("eipalloc-0123456789abcdef0")->type, "elastic-ip");
  EXPECT_EQ(kind_of_id("nat-0123456789abcdef0")->type, "natgateway");
  for (const char* bad : {"vpc-", "vpc-0123", "vpc-0123456789ABCDEF0", "vpc0123456789abcdef0",
                          "i-0123456789abcdef0", "vpc-0123456789abcdef0x", ""}) {
    EXPECT_FALSE(kind_of_id(bad)) << bad;
  }
}

TEST(Ec2ResourceIds, ErrorsNameTheKind) {
  const auto& vpc = kind_of_type("vpc");
  auto missing = not_found(vpc, "vpc-01234567");
  EXPECT_EQ(missing.code(), "InvalidVpcID.NotFound");
  EXPECT_EQ(std::string(missing.what()), "The vpc ID 'vpc-01234567' does not exist");
  EXPECT_EQ(malformed(kind_of_type("security-group"), "web").code(), "InvalidGroupId.Malformed");
  EXPECT_EQ(ec2_arn({"eu-west-1", "123"}, "sg-01234567"),
            "arn:aws:ec2:eu-west-1:123:security-group/sg-01234567");
}

TEST_F(Ec2Test, NewIdsHaveSeventeenHexDigits) {
  api::request_context ctx{db_, clock_, ids_, {"us-east-1", "000000000000"}, "req-1"};
  auto id = new_id(ctx, "vpc");
  EXPECT_TRUE(well_formed(kind_of_type("vpc"), id)) << id;
  EXPECT_EQ(id.size(), 21u);
  EXPECT_NE(new_id(ctx, "vpc"), id);
}

}  // namespace
}  // namespace minecs::ec2
