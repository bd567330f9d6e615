#pragma once
// Where a load balancer sits in EC2's network: its subnets (one per availability zone, all in
// one VPC) and its security groups, checked against the EC2 records with ELBv2's errors. Ids
// that EC2 does not know are adopted into the default VPC as ECS's awsvpc tasks adopt them
// (ec2.hpp), unless --strict-networking.
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/services/ec2.hpp"
#include "minecs/store/elbv2_records.hpp"

namespace minecs::elbv2 {

struct placement {
  std::string vpc_id;
  std::vector<store::elbv2_zone> zones;
};

// Inside a write: the subnets of a request's Subnets or SubnetMappings (one of them, at least
// two zones for an application load balancer), or ELBv2's error.
placement place(api::request_context& ctx, const json& input, const std::string& type,
                ec2::unknown_network_ids unknown);
// Inside a write: the request's security groups, all of the VPC; none given is the VPC's
// default group for an application load balancer and no group for a network one.
std::vector<std::string> security_groups_of(api::request_context& ctx,
                                            const std::vector<std::string>& ids,
                                            const std::string& vpc_id, const std::string& type,
                                            ec2::unknown_network_ids unknown);
// Inside a transaction: whether an internet gateway is attached to the VPC.
bool has_internet_gateway(api::request_context& ctx, const std::string& vpc_id);

}  // namespace minecs::elbv2
