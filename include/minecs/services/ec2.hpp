#pragma once
#include <optional>
#include <string>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/store/ec2_records.hpp"

namespace minecs::ec2 {

// Every Amazon EC2 operation minecs implements (VPC networking records); src/app.cpp binds them
// to the EC2 model.
void register_handlers(api::handler_table& table);

// What minecs does with a subnet or security group id that an ECS request names and EC2 does not
// know: AWS rejects it; minecs by default takes it as one of the default VPC, so that made-up ids
// (the seed workflow's subnet-aaaa, sg-cccccccc) keep working (--strict-networking rejects).
enum class unknown_network_ids { adopt, reject };

// The tag an adopted subnet or group carries, so that Describe* shows where it came from.
inline constexpr const char* adopted_tag_key = "minecs:adopted";

// How ECS asks EC2 about an awsvpc task's network, inside the ECS request's write: every subnet
// and group must exist (or is adopted) and all must belong to one VPC; otherwise ECS's
// InvalidParameterException with EC2's error code in its message, and the write rolls back.
void check_task_network(api::request_context& ctx, const std::vector<std::string>& subnets,
                        const std::vector<std::string>& security_groups,
                        unknown_network_ids unknown);

// For another service that places something in EC2's network (ELBv2's load balancers), inside
// its write: the region's default resources exist, then the subnet or group of that id, adopted
// as check_task_network adopts it when `unknown` allows (a group into `vpc_id`), else none.
std::optional<store::ec2_subnet> find_subnet(api::request_context& ctx, const std::string& id,
                                             unknown_network_ids unknown);
std::optional<store::ec2_security_group> find_security_group(api::request_context& ctx,
                                                             const std::string& id,
                                                             const std::string& vpc_id,
                                                             unknown_network_ids unknown);

}  // namespace minecs::ec2
