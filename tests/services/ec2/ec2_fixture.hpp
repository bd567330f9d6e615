#pragma once
// The EC2 handlers over an in-memory store (handler_fixture), with the resources most EC2 tests
// start from: a VPC, a subnet, a security group.
#include <string>
#include <vector>

#include "handler_fixture.hpp"
#include "minecs/services/ec2.hpp"

namespace minecs::ec2 {

class Ec2Test : public test_support::handler_fixture {
 protected:
  Ec2Test() { register_handlers(table_); }

  // As call(), in another region of the same account.
  json call_in(const std::string& region, const std::string& op, const json& input) {
    const auto* h = table_.find(op);
    api::request_context ctx{db_, clock_, ids_, {region, "000000000000"}, "req-1"};
    return (*h)(ctx, input);
  }

  std::string code_of(const std::string& op, const json& input) {
    return error_of(op, input).first;
  }

  std::string make_vpc(const std::string& cidr = "10.0.0.0/16") {
    return call("CreateVpc", {{"CidrBlock", cidr}})["Vpc"]["VpcId"].get<std::string>();
  }
  std::string make_subnet(const std::string& vpc, const std::string& cidr,
                          const std::string& zone = "us-east-1a") {
    return call("CreateSubnet", {{"VpcId", vpc},
                                 {"CidrBlock", cidr},
                                 {"AvailabilityZone", zone}})["Subnet"]["SubnetId"]
        .get<std::string>();
  }
  std::string make_group(const std::string& vpc, const std::string& name) {
    return call("CreateSecurityGroup",
                {{"VpcId", vpc}, {"GroupName", name}, {"Description", name + " group"}})["GroupId"]
        .get<std::string>();
  }
  std::string default_vpc_id() {
    auto vpcs = call("DescribeVpcs", filter("is-default", "true"))["Vpcs"];
    return vpcs.size() == 1 ? vpcs[0]["VpcId"].get<std::string>() : std::string();
  }

  static json filter(const std::string& name, const std::string& value) {
    return {{"Filters", json::array({{{"Name", name}, {"Values", json::array({value})}}})}};
  }
  // The `key` member of every element of a list, in order.
  static std::vector<std::string> values(const json& list, const char* key) {
    std::vector<std::string> out;
    for (const auto& item : list) {
      out.push_back(item.at(key).get<std::string>());
    }
    return out;
  }
};

}  // namespace minecs::ec2
