// ECS's questions to EC2 about an awsvpc task's network, and the interfaces of running tasks.
#include "ec2_fixture.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::ec2 {
namespace {

class TaskNetworkTest : public Ec2Test {
 protected:
  void check(const std::vector<std::string>& subnets, const std::vector<std::string>& groups,
             unknown_network_ids unknown = unknown_network_ids::adopt) {
    api::request_context ctx{db_, clock_, ids_, {"us-east-1", "000000000000"}, "req-1"};
    db_.write([&] { check_task_network(ctx, subnets, groups, unknown); });
  }

  std::string message_of(const std::vector<std::string>& subnets,
                         const std::vector<std::string>& groups,
                         unknown_network_ids unknown = unknown_network_ids::adopt) {
    try {
      check(subnets, groups, unknown);
    } catch (const service_error& e) {
      EXPECT_EQ(e.code(), "InvalidParameterException");
      return e.what();
    }
    ADD_FAILURE() << "no error";
    return {};
  }

  // A running task whose ENI is attached in `subnet` with `groups`.
  void running_task(const std::string& subnet, const std::vector<std::string>& groups,
                    const std::string& eni_id, const std::string& address) {
    store::task_record t;
    t.id = eni_id.substr(4);
    t.arn = "arn:aws:ecs:us-east-1:000000000000:task/c/" + t.id;
    t.region = "us-east-1";
    t.cluster_arn = "arn:aws:ecs:us-east-1:000000000000:cluster/c";
    t.network_mode = network_mode::awsvpc;
    t.last_status = task_status::running;
    store::eni_attachment a;
    a.id = "att-" + t.id;
    a.status = "ATTACHED";
    a.subnet_id = subnet;
    a.interface_id = eni_id;
    a.private_ipv4 = address;
    a.mac_address = "02:42:0a:00:01:04";
    a.vpc_id = call("DescribeSubnets", {{"SubnetIds", {subnet}}})["Subnets"][0]["VpcId"];
    a.security_groups = groups;
    t.attachments.push_back(a);
    db_.write([&] { store::save_task(db_, t); });
  }
};

TEST_F(TaskNetworkTest, KnownSubnetsAndGroupsOfOneVpcPass) {
  auto vpc = make_vpc();
  auto a = make_subnet(vpc, "10.0.1.0/24");
  auto b = make_subnet(vpc, "10.0.2.0/24", "us-east-1b");
  auto g = make_group(vpc, "web");
  EXPECT_NO_THROW(check({a, b}, {g}, unknown_network_ids::reject));
}

TEST_F(TaskNetworkTest, UnknownIdsAreAdoptedIntoTheDefaultVpcWithATag) {
  check({"subnet-aaaa", "subnet-bbbb"}, {"sg-cccccccc"});
  auto subnets =
      call("DescribeSubnets", {{"SubnetIds", {"subnet-aaaa", "subnet-bbbb"}}})["Subnets"];
  ASSERT_EQ(subnets.size(), 2u);
  for (const auto& s : subnets) {
    EXPECT_EQ(s["VpcId"], default_vpc_id());
    EXPECT_EQ(s["Tags"][0]["Key"], adopted_tag_key);
  }
  // Free /20 blocks of 172.31.0.0/16 after the default subnets, apart from each other.
  EXPECT_NE(subnets[0]["CidrBlock"], subnets[1]["CidrBlock"]);
  EXPECT_EQ(subnets[0]["CidrBlock"].get<std::string>().substr(0, 7), "172.31.");
  auto groups = call("DescribeSecurityGroups", {{"GroupIds", {"sg-cccccccc"}}})["SecurityGroups"];
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0]["VpcId"], default_vpc_id());
  // Once adopted, they are simply known.
  EXPECT_NO_THROW(check({"subnet-aaaa"}, {"sg-cccccccc"}, unknown_network_ids::reject));
}

TEST_F(TaskNetworkTest, StrictNetworkingAnswersEcsErrorsAndMakesNothing) {
  EXPECT_EQ(message_of({"subnet-aaaa"}, {}, unknown_network_ids::reject),
            "Error retrieving subnet information for [subnet-aaaa]: The subnet ID 'subnet-aaaa' "
            "does not exist (ErrorCode: InvalidSubnetID.NotFound)");
  auto vpc = make_vpc();
  auto a = make_subnet(vpc, "10.0.1.0/24");
  EXPECT_EQ(message_of({a}, {"sg-cccccccc"}, unknown_network_ids::reject),
            "Error retrieving security group information for [sg-cccccccc]: The security group "
            "'sg-cccccccc' does not exist (ErrorCode: InvalidGroup.NotFound)");
  EXPECT_EQ(call("DescribeSubnets", filter("tag-key", adopted_tag_key))["Subnets"], json::array());
}

TEST_F(TaskNetworkTest, OneVpcOnly) {
  auto one = make_vpc("10.0.0.0/16");
  auto two = make_vpc("10.1.0.0/16");
  auto a = make_subnet(one, "10.0.1.0/24");
  auto b = make_subnet(two, "10.1.1.0/24");
  EXPECT_NE(message_of({a, b}, {}).find("do not belong to the same VPC"), std::string::npos);
  auto g = make_group(two, "other");
  EXPECT_EQ(message_of({a}, {g}), "Security group " + g +
                                      " does not appear to belong to the same VPC as the input "
                                      "subnets.");
  // A made-up group next to a real subnet joins that subnet's VPC.
  EXPECT_NO_THROW(check({a}, {"sg-madeup1"}));
  EXPECT_EQ(
      call("DescribeSecurityGroups", {{"GroupIds", {"sg-madeup1"}}})["SecurityGroups"][0]["VpcId"],
      one);
}

TEST_F(TaskNetworkTest, ARunningTasksInterfaceIsDescribedAndHoldsItsSubnetAndGroup) {
  auto vpc = make_vpc();
  auto a = make_subnet(vpc, "10.0.1.0/24");
  auto g = make_group(vpc, "web");
  running_task(a, {g}, "eni-0123456789abcdef0", "10.0.1.4");
  auto all = call("DescribeNetworkInterfaces", json::object())["NetworkInterfaces"];
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["NetworkInterfaceId"], "eni-0123456789abcdef0");
  EXPECT_EQ(all[0]["SubnetId"], a);
  EXPECT_EQ(all[0]["VpcId"], vpc);
  EXPECT_EQ(all[0]["AvailabilityZone"], "us-east-1a");
  EXPECT_EQ(all[0]["PrivateIpAddress"], "10.0.1.4");
  EXPECT_EQ(all[0]["Groups"], json::array({{{"GroupId", g}, {"GroupName", "web"}}}));
  EXPECT_EQ(all[0]["Status"], "in-use");
  EXPECT_EQ(call("DescribeNetworkInterfaces", filter("subnet-id", a))["NetworkInterfaces"].size(),
            1u);
  EXPECT_EQ(call("DescribeNetworkInterfaces", filter("vpc-id", "vpc-other"))["NetworkInterfaces"],
            json::array());
  EXPECT_EQ(call("DescribeNetworkInterfaces",
                 filter("private-ip-address", "10.0.1.*"))["NetworkInterfaces"]
                .size(),
            1u);
  EXPECT_EQ(code_of("DescribeNetworkInterfaces", filter("colour", "red")), "InvalidParameterValue");
  EXPECT_EQ(code_of("DeleteSubnet", {{"SubnetId", a}}), "DependencyViolation");
  EXPECT_EQ(code_of("DeleteSecurityGroup", {{"GroupId", g}}), "DependencyViolation");
}

}  // namespace
}  // namespace minecs::ec2
