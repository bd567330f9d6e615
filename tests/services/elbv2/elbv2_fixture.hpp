#pragma once
// The ELBv2 handlers over an in-memory store (handler_fixture), beside the EC2 handlers that
// make the VPCs, subnets and security groups load balancers and target groups sit in, with the
// resources most ELBv2 tests start from.
#include <map>
#include <string>
#include <vector>

#include "handler_fixture.hpp"
#include "minecs/services/ec2.hpp"
#include "minecs/services/elbv2.hpp"

namespace minecs::elbv2 {

class Elbv2Test : public test_support::handler_fixture {
 protected:
  explicit Elbv2Test(options opts = {}) {
    register_handlers(table_, opts);
    ec2::register_handlers(ec2_);
  }

  json call_ec2(const std::string& op, const json& input) {
    const auto* h = ec2_.find(op);
    EXPECT_NE(h, nullptr) << op;
    api::request_context ctx{db_, clock_, ids_, {"us-east-1", "000000000000"}, "req-1"};
    return (*h)(ctx, input);
  }

  std::string code_of(const std::string& op, const json& input) {
    return error_of(op, input).first;
  }

  // A VPC with an internet gateway and a subnet in each of us-east-1a and us-east-1b.
  void make_network() {
    vpc_ = call_ec2("CreateVpc", {{"CidrBlock", "10.0.0.0/16"}})["Vpc"]["VpcId"].get<std::string>();
    auto igw =
        call_ec2("CreateInternetGateway", json::object())["InternetGateway"]["InternetGatewayId"]
            .get<std::string>();
    call_ec2("AttachInternetGateway", {{"InternetGatewayId", igw}, {"VpcId", vpc_}});
    subnet_a_ = make_subnet("10.0.1.0/24", "us-east-1a");
    subnet_b_ = make_subnet("10.0.2.0/24", "us-east-1b");
  }
  std::string make_subnet(const std::string& cidr, const std::string& zone) {
    return call_ec2("CreateSubnet", {{"VpcId", vpc_},
                                     {"CidrBlock", cidr},
                                     {"AvailabilityZone", zone}})["Subnet"]["SubnetId"]
        .get<std::string>();
  }
  std::string make_group(const std::string& name) {
    return call_ec2("CreateSecurityGroup",
                    {{"VpcId", vpc_}, {"GroupName", name}, {"Description", name}})["GroupId"]
        .get<std::string>();
  }

  json create_lb(const std::string& name, json extra = json::object()) {
    json input = {{"Name", name}, {"Subnets", {subnet_a_, subnet_b_}}};
    input.update(extra);
    return call("CreateLoadBalancer", input)["LoadBalancers"][0];
  }
  std::string make_lb(const std::string& name, json extra = json::object()) {
    return create_lb(name, std::move(extra))["LoadBalancerArn"].get<std::string>();
  }
  json create_tg(const std::string& name, json extra = json::object()) {
    json input = {{"Name", name}, {"Protocol", "HTTP"}, {"Port", 80}, {"VpcId", vpc_}};
    input.update(extra);
    return call("CreateTargetGroup", input)["TargetGroups"][0];
  }
  std::string make_tg(const std::string& name, json extra = json::object()) {
    return create_tg(name, std::move(extra))["TargetGroupArn"].get<std::string>();
  }
  static json forward_to(const std::string& tg) {
    return json::array({{{"Type", "forward"}, {"TargetGroupArn", tg}}});
  }
  std::string make_listener(const std::string& lb, const std::string& tg, int port = 80,
                            const std::string& protocol = "HTTP") {
    return call("CreateListener",
                {{"LoadBalancerArn", lb},
                 {"Protocol", protocol},
                 {"Port", port},
                 {"DefaultActions", forward_to(tg)}})["Listeners"][0]["ListenerArn"]
        .get<std::string>();
  }

  // The `key` member of every element of a list, in order.
  static std::vector<std::string> values(const json& list, const char* key) {
    std::vector<std::string> out;
    for (const auto& item : list) {
      out.push_back(item.at(key).get<std::string>());
    }
    return out;
  }
  // The Key -> Value of an attribute list.
  static std::map<std::string, std::string> attribute_map_of(const json& list) {
    std::map<std::string, std::string> out;
    for (const auto& a : list) {
      out[a.at("Key").get<std::string>()] = a.at("Value").get<std::string>();
    }
    return out;
  }

  api::handler_table ec2_;
  std::string vpc_;
  std::string subnet_a_;
  std::string subnet_b_;
};

}  // namespace minecs::elbv2
