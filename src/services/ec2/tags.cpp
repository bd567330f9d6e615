// EC2 tags over the shared tag store (see tags.hpp).
#include "tags.hpp"

#include "errors.hpp"
#include "minecs/store/ec2_records.hpp"
#include "resource_ids.hpp"

namespace minecs::ec2 {

std::vector<store::tag> tags_from_list(const json& list) {
  std::vector<store::tag> out;
  if (!list.is_array()) {
    return out;
  }
  for (const auto& t : list) {
    store::tag parsed{t.value("Key", ""), t.value("Value", "")};
    if (parsed.key.starts_with("aws:")) {
      throw invalid_parameter_value("Tag keys starting with 'aws:' are reserved for internal use");
    }
    if (parsed.key.empty()) {
      throw invalid_parameter_value("Tag key cannot be empty");
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

std::vector<store::tag> tags_from_specifications(const json& input,
                                                 std::string_view resource_type) {
  std::vector<store::tag> out;
  auto it = input.find("TagSpecifications");
  if (it == input.end() || !it->is_array()) {
    return out;
  }
  for (const auto& spec : *it) {
    auto type = spec.value("ResourceType", "");
    if (type != resource_type) {
      throw invalid_parameter_value("'" + type +
                                    "' is not a valid taggable resource type for this operation.");
    }
    for (auto& t : tags_from_list(spec.value("Tags", json::array()))) {
      out.push_back(std::move(t));
    }
  }
  return out;
}

void put_resource_tags(api::request_context& ctx, const std::string& id,
                       const std::vector<store::tag>& tags) {
  auto arn = ec2_arn(ctx.scope, id);
  if (store::exceeds_tag_limit(ctx.db, arn, tags)) {
    throw ec2_error("TagLimitExceeded",
                    "The maximum number of tags (50) for resource " + id + " has been reached.");
  }
  store::put_tags(ctx.db, arn, tags);
}

std::vector<store::tag> resource_tags(api::request_context& ctx, const std::string& id) {
  return store::tags_of(ctx.db, ec2_arn(ctx.scope, id));
}

void delete_resource(api::request_context& ctx, const std::string& id) {
  store::delete_ec2_resource(ctx.db, id);
  store::drop_tags(ctx.db, ec2_arn(ctx.scope, id));
}

json render_tags(const std::vector<store::tag>& tags) {
  json out = json::array();
  for (const auto& t : tags) {
    auto& item = out.emplace_back(json::object());
    item["Key"] = t.key;
    item["Value"] = t.value;
  }
  return out;
}

void render_tags_into(json& out, const std::vector<store::tag>& tags) {
  if (!tags.empty()) {
    out["Tags"] = render_tags(tags);
  }
}

}  // namespace minecs::ec2
