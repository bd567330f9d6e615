// The balancers' addresses and names, from the store and the networks the reconciler reports.
#include "minecs/lb/balancers.hpp"

#include <gtest/gtest.h>

#include "manual_clock.hpp"
#include "minecs/store/ec2_records.hpp"
#include "temp_dir.hpp"

namespace minecs::lb {
namespace {

store::elbv2_load_balancer balancer(std::string arn, std::string dns_name) {
  store::elbv2_load_balancer lb;
  lb.id = std::move(arn);
  lb.region = "us-east-1";
  lb.name = "web";
  lb.type = "application";
  lb.vpc_id = "vpc-1";
  lb.dns_name = std::move(dns_name);
  lb.zones = {{"us-east-1a", "subnet-1"}, {"us-east-1b", "subnet-2"}};
  return lb;
}

class BalancersTest : public ::testing::Test {
 protected:
  BalancersTest() : db_(dir_.file("minecs.db")) {
    db_.write([&] {
      store::ec2_subnet subnet;
      subnet.id = "subnet-1";
      subnet.region = "us-east-1";
      subnet.vpc_id = "vpc-1";
      subnet.cidr_block = "10.9.1.0/24";
      store::put_ec2(db_, subnet);
      store::put_ec2(db_, balancer("arn:lb/one", "one-1.us-east-1.elb.amazonaws.com"));
      store::put_ec2(db_, balancer("arn:lb/two", "two-2.us-east-1.elb.amazonaws.com"));
    });
  }

  test_support::temp_dir dir_;
  store::database db_;
  manual_clock clock_;
};

TEST_F(BalancersTest, AddressesComeWithTheNetworkHighestFirstAndGoWithTheBalancer) {
  int changes = 0;
  settings cfg;
  cfg.names_changed = [&] { ++changes; };
  balancers lbs(db_, clock_, cfg);
  lbs.sync();
  EXPECT_TRUE(lbs.addresses().empty());  // no network for the VPC yet
  EXPECT_EQ(changes, 0);

  // The VPC's range was moved to 10.200.0.0/16: the addresses keep their offset.
  lbs.network_ready(
      "us-east-1", "vpc-1",
      {"minecs-test-none", *parse_ipv4_subnet("10.9.0.0/16"), *parse_ipv4_subnet("10.200.0.0/16")});
  lbs.sync();
  auto addresses = lbs.addresses();
  ASSERT_EQ(addresses.size(), 2U);
  EXPECT_EQ(ipv4_address_string(addresses["arn:lb/one"]), "10.200.1.254");
  EXPECT_EQ(ipv4_address_string(addresses["arn:lb/two"]), "10.200.1.253");
  EXPECT_EQ(changes, 1);

  auto names = lbs.names()->collect(db_);
  EXPECT_TRUE(names.zones.empty());  // other elb.amazonaws.com names are asked upstream
  ASSERT_EQ(names.addresses.size(), 2U);
  EXPECT_EQ(names.addresses[0].name, "one-1.us-east-1.elb.amazonaws.com");
  EXPECT_EQ(ipv4_address_string(names.addresses[0].address), "10.200.1.254");

  db_.write([&] { store::delete_ec2_resource(db_, "arn:lb/one"); });
  lbs.sync();
  addresses = lbs.addresses();
  ASSERT_EQ(addresses.size(), 1U);
  EXPECT_TRUE(addresses.contains("arn:lb/two"));
  EXPECT_EQ(lbs.names()->collect(db_).addresses.size(), 1U);
  EXPECT_EQ(changes, 2);
}

}  // namespace
}  // namespace minecs::lb
