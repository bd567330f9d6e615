#pragma once
// Finding security groups as EC2's requests name them: by id, or by name in a VPC (a name
// alone means the default VPC's group). Inside a transaction only.
#include <optional>
#include <string>

#include "minecs/api/handler.hpp"
#include "minecs/store/ec2_records.hpp"

namespace minecs::ec2 {

std::optional<store::ec2_security_group> find_group_by_name(api::request_context& ctx,
                                                            const std::string& vpc_id,
                                                            const std::string& name);
// InvalidGroup.NotFound when the default VPC has no group of that name.
store::ec2_security_group group_in_default_vpc(api::request_context& ctx, const std::string& name);
// The group of a request's GroupId, or else its GroupName (in the default VPC).
store::ec2_security_group group_of_request(api::request_context& ctx, const json& input);

}  // namespace minecs::ec2
