#include "minecs/store/ec2_records.hpp"

#include <gtest/gtest.h>

#include "minecs/store/tags.hpp"

namespace minecs::store {
namespace {

class Ec2RecordsTest : public ::testing::Test {
 protected:
  database db{":memory:"};

  ec2_subnet subnet(const std::string& id, const std::string& vpc,
                    const std::string& region = "us-east-1") {
    ec2_subnet s;
    s.id = id;
    s.region = region;
    s.vpc_id = vpc;
    s.cidr_block = "10.0.0.0/24";
    return s;
  }
};

TEST_F(Ec2RecordsTest, RecordsRoundTripByIdKindAndRegion) {
  ec2_vpc vpc;
  vpc.id = "vpc-1";
  vpc.region = "us-east-1";
  vpc.cidr_block = "10.0.0.0/16";
  vpc.is_default = true;
  db.write([&] { put_ec2(db, vpc); });
  auto found = db.read([&] { return find_ec2<ec2_vpc>(db, "us-east-1", "vpc-1"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->cidr_block, "10.0.0.0/16");
  EXPECT_TRUE(found->is_default);
  EXPECT_TRUE(found->dns_support);
  EXPECT_FALSE(db.read([&] { return find_ec2<ec2_vpc>(db, "eu-west-1", "vpc-1"); }));
  EXPECT_FALSE(db.read([&] { return find_ec2<ec2_subnet>(db, "us-east-1", "vpc-1"); }));
}

TEST_F(Ec2RecordsTest, ListsByRegionAndParentInTheOrderMade) {
  db.write([&] {
    put_ec2(db, subnet("subnet-b", "vpc-1"));
    put_ec2(db, subnet("subnet-a", "vpc-1"));
    put_ec2(db, subnet("subnet-c", "vpc-2"));
    put_ec2(db, subnet("subnet-d", "vpc-1", "eu-west-1"));
  });
  auto ids = [&](const std::optional<std::string>& parent) {
    std::vector<std::string> out;
    for (const auto& s : db.read([&] { return list_ec2<ec2_subnet>(db, "us-east-1", parent); })) {
      out.push_back(s.id);
    }
    return out;
  };
  EXPECT_EQ(ids(std::nullopt), (std::vector<std::string>{"subnet-b", "subnet-a", "subnet-c"}));
  EXPECT_EQ(ids("vpc-1"), (std::vector<std::string>{"subnet-b", "subnet-a"}));
  EXPECT_TRUE(ids("vpc-3").empty());
}

TEST_F(Ec2RecordsTest, PutReplacesAndDeleteRemoves) {
  auto s = subnet("subnet-a", "vpc-1");
  db.write([&] { put_ec2(db, s); });
  s.map_public_ip_on_launch = true;
  s.vpc_id = "vpc-2";
  db.write([&] { put_ec2(db, s); });
  EXPECT_TRUE(db.read([&] { return list_ec2<ec2_subnet>(db, "us-east-1", "vpc-1"); }).empty());
  auto found = db.read([&] { return find_ec2<ec2_subnet>(db, "us-east-1", "subnet-a"); });
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->map_public_ip_on_launch);
  db.write([&] { delete_ec2_resource(db, "subnet-a"); });
  EXPECT_FALSE(db.read([&] { return find_ec2<ec2_subnet>(db, "us-east-1", "subnet-a"); }));
}

TEST_F(Ec2RecordsTest, TagsUnderAnArnPrefix) {
  db.write([&] {
    put_tags(db, "arn:aws:ec2:us-east-1:0:vpc/vpc-2", {{"b", "1"}, {"a", "2"}});
    put_tags(db, "arn:aws:ec2:us-east-1:0:subnet/subnet-1", {{"c", "3"}});
    put_tags(db, "arn:aws:ec2:eu-west-1:0:vpc/vpc-3", {{"d", "4"}});
  });
  auto tags = db.read([&] { return tags_under(db, "arn:aws:ec2:us-east-1:0:"); });
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].arn, "arn:aws:ec2:us-east-1:0:subnet/subnet-1");
  EXPECT_EQ(tags[1].key, "a");
  EXPECT_EQ(tags[2].key, "b");
  EXPECT_EQ(tags[2].value, "1");
}

}  // namespace
}  // namespace minecs::store
