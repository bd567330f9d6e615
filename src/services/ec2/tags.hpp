#pragma once
// EC2's tags: the one tag store (store/tags, keyed by the resource's ARN) as EC2 speaks to it:
// [{"Key", "Value"}] lists, TagSpecifications on create, the 50-tag limit and reserved keys.
#include <string>
#include <string_view>
#include <vector>

#include "minecs/api/handler.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ec2 {

// The tags of the TagSpecifications for `resource_type`; a specification of another type is an
// InvalidParameterValue (the operation makes no such resource).
std::vector<store::tag> tags_from_specifications(const json& input, std::string_view resource_type);
std::vector<store::tag> tags_from_list(const json& list);

// Inside a write: adds or replaces tags of the resource with that id (no existence check).
void put_resource_tags(api::request_context& ctx, const std::string& id,
                       const std::vector<store::tag>& tags);
std::vector<store::tag> resource_tags(api::request_context& ctx, const std::string& id);
// Inside a write: removes the resource's record and its tags.
void delete_resource(api::request_context& ctx, const std::string& id);

// [{"Key", "Value"}], as EC2 renders a resource's Tags.
json render_tags(const std::vector<store::tag>& tags);
// Sets out["Tags"] when there are any: EC2 leaves the member out of an untagged resource.
void render_tags_into(json& out, const std::vector<store::tag>& tags);

}  // namespace minecs::ec2
