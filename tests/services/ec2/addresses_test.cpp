#include <set>

#include "ec2_fixture.hpp"

namespace minecs::ec2 {
namespace {

TEST_F(Ec2Test, AllocateDescribeAndReleaseAddresses) {
  auto first =
      call("AllocateAddress",
           {{"Domain", "vpc"},
            {"TagSpecifications",
             json::array({{{"ResourceType", "elastic-ip"},
                           {"Tags", json::array({{{"Key", "Name"}, {"Value", "a"}}})}}})}});
  std::string id = first["AllocationId"];
  EXPECT_EQ(id.rfind("eipalloc-", 0), 0u);
  EXPECT_EQ(first["Domain"], "vpc");
  std::set<std::string> ips{first["PublicIp"].get<std::string>()};
  for (int i = 0; i < 300; ++i) {
    ips.insert(call("AllocateAddress", json::object())["PublicIp"].get<std::string>());
  }
  // Every allocation has an address of its own, from the documentation ranges.
  EXPECT_EQ(ips.size(), 301u);
  for (const auto& ip : ips) {
    EXPECT_TRUE(ip.rfind("198.51.100.", 0) == 0 || ip.rfind("203.0.113.", 0) == 0) << ip;
  }

  auto by_id = call("DescribeAddresses", {{"AllocationIds", {id}}})["Addresses"];
  ASSERT_EQ(by_id.size(), 1u);
  EXPECT_EQ(by_id[0]["PublicIp"], first["PublicIp"]);
  EXPECT_EQ(by_id[0]["Tags"][0]["Value"], "a");
  EXPECT_EQ(by_id[0].count("AssociationId"), 0u);
  auto by_ip = call("DescribeAddresses", {{"PublicIps", {first["PublicIp"]}}})["Addresses"];
  EXPECT_EQ(values(by_ip, "AllocationId"), std::vector<std::string>{id});
  EXPECT_EQ(values(call("DescribeAddresses", filter("tag:Name", "a"))["Addresses"], "AllocationId"),
            std::vector<std::string>{id});
  EXPECT_EQ(call("DescribeAddresses", filter("public-ip", first["PublicIp"]))["Addresses"].size(),
            1u);
  EXPECT_EQ(call("DescribeAddresses", filter("domain", "vpc"))["Addresses"].size(), 301u);
  EXPECT_TRUE(call("DescribeAddresses", filter("association-id", "*"))["Addresses"].empty());
  EXPECT_EQ(code_of("DescribeAddresses", filter("no-such-filter", "x")), "InvalidParameterValue");
  EXPECT_EQ(code_of("DescribeAddresses", {{"PublicIps", {"192.0.2.1"}}}),
            "InvalidAddress.NotFound");

  auto attribute = call("DescribeAddressesAttribute",
                        {{"AllocationIds", {id}}, {"Attribute", "domain-name"}})["Addresses"];
  EXPECT_EQ(attribute, json::array({{{"AllocationId", id}, {"PublicIp", first["PublicIp"]}}}));
  EXPECT_EQ(
      code_of("DescribeAddressesAttribute",
              {{"AllocationIds", {"eipalloc-0123456789abcdef0"}}, {"Attribute", "domain-name"}}),
      "InvalidAllocationID.NotFound");

  call("ReleaseAddress", {{"AllocationId", id}});
  EXPECT_EQ(code_of("DescribeAddresses", {{"AllocationIds", {id}}}),
            "InvalidAllocationID.NotFound");
  EXPECT_EQ(code_of("ReleaseAddress", {{"AllocationId", id}}), "InvalidAllocationID.NotFound");
  EXPECT_EQ(code_of("ReleaseAddress", {{"AllocationId", "eipalloc-nope"}}),
            "InvalidAllocationID.Malformed");
  EXPECT_TRUE(call("DescribeTags", filter("resource-id", id))["Tags"].empty());
  // The released address is free for the next allocation.
  EXPECT_EQ(call("AllocateAddress", json::object())["PublicIp"], first["PublicIp"]);
}

TEST_F(Ec2Test, AllocateAddressRejectsWhatItCannotDo) {
  EXPECT_EQ(code_of("AllocateAddress", {{"Address", "192.0.2.7"}}), "UnsupportedOperation");
  EXPECT_EQ(code_of("AllocateAddress", {{"NetworkBorderGroup", "eu-west-1"}}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of("AllocateAddress", {{"DryRun", true}}), "DryRunOperation");
  EXPECT_TRUE(call("DescribeAddresses", json::object())["Addresses"].empty());
}

}  // namespace
}  // namespace minecs::ec2
