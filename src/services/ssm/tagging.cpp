#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ssm {

namespace {

// The ARN tags of a Parameter resource are kept under; the other resource types are other parts
// of Systems Manager, which minecs does not have.
std::string tagged_arn(api::request_context& ctx, const json& input) {
  auto type = api::str(input, "ResourceType");
  if (type != "Parameter") {
    throw service_error("InvalidResourceType", "The resource type " + type +
                                                   " is not supported by minecs's SSM: only "
                                                   "Parameter is.");
  }
  auto ref = parse_reference(ctx, api::str(input, "ResourceId"), false);
  if (!find_parameter(ctx, ref)) {
    throw service_error("InvalidResourceId", "The resource ID \"" + ref.name +
                                                 "\" is not valid. Verify the ID and try again.");
  }
  return parameter_arn(ctx.scope, ref.name);
}

json add_tags_to_resource(api::request_context& ctx, const json& input) {
  std::vector<store::tag> tags;
  for (const auto& t : api::member_or(input, "Tags", no_items())) {
    tags.push_back({api::str(t, "Key"), api::str(t, "Value")});
  }
  ctx.db.write([&] {
    auto arn = tagged_arn(ctx, input);
    if (store::exceeds_tag_limit(ctx.db, arn, tags)) {
      throw service_error("TooManyTagsError",
                          "The Tags parameter has too many tags: a resource can have at most 50.");
    }
    store::put_tags(ctx.db, arn, tags);
  });
  return json::object();
}

json remove_tags_from_resource(api::request_context& ctx, const json& input) {
  auto keys = api::str_list(input, "TagKeys");
  ctx.db.write([&] { store::remove_tags(ctx.db, tagged_arn(ctx, input), keys); });
  return json::object();
}

json list_tags_for_resource(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    json list = json::array();
    for (const auto& t : store::tags_of(ctx.db, tagged_arn(ctx, input))) {
      list.push_back({{"Key", t.key}, {"Value", t.value}});
    }
    return json{{"TagList", list}};
  });
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  table.add("AddTagsToResource", add_tags_to_resource);
  table.add("RemoveTagsFromResource", remove_tags_from_resource);
  table.add("ListTagsForResource", list_tags_for_resource);
}

}  // namespace minecs::ssm
