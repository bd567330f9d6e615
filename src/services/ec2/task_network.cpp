// ECS's questions to EC2 about an awsvpc task's subnets and security groups (RunTask,
// CreateService, UpdateService), and the adoption of ids that EC2 does not know.
#include <algorithm>
#include <optional>

#include "cidr.hpp"
#include "handlers.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/services/ec2.hpp"
#include "tags.hpp"
#include "zones.hpp"

namespace minecs::ec2 {

namespace {

// Adopted subnets take the default VPC's free /20 blocks (the default subnets hold the first
// ones), then smaller blocks when those run out.
constexpr int adopted_subnet_prefixes[] = {20, 24, 28};

std::vector<store::tag> adopted_tags() {
  return {{adopted_tag_key, "unknown id named by an ECS request, made part of the default VPC"}};
}

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    out += (out.empty() ? "" : ", ") + id;
  }
  return out;
}

service_error retrieval_error(const char* what, const std::string& id, const std::string& ec2) {
  return invalid_parameter(std::string("Error retrieving ") + what + " information for [" + id +
                           "]: " + ec2);
}

std::optional<ipv4_subnet> free_block(api::request_context& ctx, const store::ec2_vpc& vpc) {
  auto range = parse_ipv4_subnet(vpc.cidr_block).value_or(ipv4_subnet{});
  std::vector<ipv4_subnet> taken;
  for (const auto& s : store::list_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, vpc.id)) {
    if (auto b = parse_ipv4_subnet(s.cidr_block)) {
      taken.push_back(*b);
    }
  }
  for (int prefix : adopted_subnet_prefixes) {
    if (auto block = free_subnet(range, prefix, taken)) {
      return block;
    }
  }
  return std::nullopt;
}

store::ec2_subnet find_or_adopt_subnet(api::request_context& ctx, const std::string& id,
                                       unknown_network_ids unknown) {
  if (auto subnet = store::find_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, id)) {
    return *subnet;
  }
  auto missing = retrieval_error(
      "subnet", id,
      "The subnet ID '" + id + "' does not exist (ErrorCode: InvalidSubnetID.NotFound)");
  auto vpc = default_vpc(ctx);
  if (unknown == unknown_network_ids::reject || !vpc) {
    throw missing;
  }
  auto block = free_block(ctx, *vpc);
  if (!block) {
    throw missing;
  }
  auto zones = zones_of(ctx.scope.region);
  auto count = store::list_ec2<store::ec2_subnet>(ctx.db, ctx.scope.region, vpc->id).size();
  return create_subnet_record(ctx, *vpc, *block, zones[count % zones.size()], false, adopted_tags(),
                              id);
}

store::ec2_security_group find_or_adopt_group(api::request_context& ctx, const std::string& id,
                                              const std::string& vpc_id,
                                              unknown_network_ids unknown) {
  if (auto group = store::find_ec2<store::ec2_security_group>(ctx.db, ctx.scope.region, id)) {
    return *group;
  }
  if (unknown == unknown_network_ids::reject) {
    throw retrieval_error(
        "security group", id,
        "The security group '" + id + "' does not exist (ErrorCode: InvalidGroup.NotFound)");
  }
  // Into the VPC of the task's subnets (the default VPC for made-up subnets): a group of another
  // VPC would only turn a made-up id into a VPC mismatch.
  return create_group_record(ctx, vpc_id, id, "Adopted by minecs: an ECS request named this id",
                             adopted_tags(), id);
}

}  // namespace

std::optional<store::ec2_subnet> find_subnet(api::request_context& ctx, const std::string& id,
                                             unknown_network_ids unknown) {
  prepare_region_in_write(ctx);
  try {
    return find_or_adopt_subnet(ctx, id, unknown);
  } catch (const service_error&) {
    return std::nullopt;
  }
}

std::optional<store::ec2_security_group> find_security_group(api::request_context& ctx,
                                                             const std::string& id,
                                                             const std::string& vpc_id,
                                                             unknown_network_ids unknown) {
  prepare_region_in_write(ctx);
  try {
    return find_or_adopt_group(ctx, id, vpc_id, unknown);
  } catch (const service_error&) {
    return std::nullopt;
  }
}

void check_task_network(api::request_context& ctx, const std::vector<std::string>& subnets,
                        const std::vector<std::string>& security_groups,
                        unknown_network_ids unknown) {
  prepare_region_in_write(ctx);
  std::string vpc_id;
  for (const auto& id : subnets) {
    auto subnet = find_or_adopt_subnet(ctx, id, unknown);
    if (vpc_id.empty()) {
      vpc_id = subnet.vpc_id;
    } else if (subnet.vpc_id != vpc_id) {
      throw invalid_parameter("Subnets [" + joined(subnets) + "] do not belong to the same VPC.");
    }
  }
  for (const auto& id : security_groups) {
    auto group = find_or_adopt_group(ctx, id, vpc_id, unknown);
    if (group.vpc_id != vpc_id) {
      throw invalid_parameter("Security group " + id +
                              " does not appear to belong to the same VPC as the input subnets.");
    }
  }
}

}  // namespace minecs::ec2
