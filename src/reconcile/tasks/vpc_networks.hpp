#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "context.hpp"
#include "minecs/store/ec2_records.hpp"

// awsvpc tasks live in their VPC: one Docker bridge network per VPC (and instance) whose range is
// the VPC's CIDR, so that a task's address comes from its subnet's CIDR and tasks of every cluster
// in the VPC reach each other.
//
// A VPC's CIDR may collide with a network already on the host: the default VPC's 172.31.0.0/16
// lies in Docker's own default pools, and a host on AWS may sit in exactly that range. Docker
// refuses a network that overlaps another of its networks, and one that overlaps a host route
// would cut the host off from it. Then the VPC's network takes a free block of the same size from
// minecs's pool (--network-pool) instead, addresses keep their offset (172.31.16.5 becomes
// 10.224.16.5 for a 10.224.0.0/16 block), a warning names what collided, and a task reports the
// address it really has, so that the host and other tasks can reach it.
namespace minecs::reconcile {

// Where an awsvpc task's interface goes, read from the EC2 records.
struct task_placement {
  store::ec2_subnet subnet;
  store::ec2_vpc vpc;
  std::vector<std::string> security_groups;  // as RunTask named them, else the VPC's default
};

// Inside a read: nullopt when the task's subnet or its VPC no longer exists.
std::optional<task_placement> placement_of(store::database& db, const store::task_record& task);

// The VPC's network, created on first use.
docker::result<vpc_network> ensure_vpc_network(context& cx, const store::ec2_vpc& vpc);

// Tells settings::vpc_network_ready of every VPC network this instance has (after a restart,
// before any task of the VPC needs its network again).
void announce_vpc_networks(context& cx);

// Removes the networks of VPCs that are gone (their tasks are gone first: DeleteVpc refuses a VPC
// with subnets, DeleteSubnet one with interfaces).
void remove_deleted_vpc_networks(context& cx);

// The first address of `subnet` that AWS would hand out (it keeps the first four and the last)
// and that is not in `used`; nullopt when the subnet is full.
std::optional<std::uint32_t> free_address(const ipv4_subnet& subnet,
                                          const std::set<std::uint32_t>& used);

// Chooses the task's address in its subnet (in the network's range) and records it on the task's
// attachment before anyone else can choose it. Empty when the subnet is full.
std::string reserve_address(context& cx, const store::task_record& task,
                            const store::ec2_subnet& subnet, const vpc_network& network);

}  // namespace minecs::reconcile
