#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::autoscaling {

namespace {

// Only scalable targets take tags; the ARN must name one that is registered.
void require_tagged_target(api::request_context& ctx, const std::string& arn) {
  for (const auto& t : store::list_scalable_targets(ctx.db, ctx.scope.region)) {
    if (t.arn == arn) {
      return;
    }
  }
  throw service_error("ResourceNotFoundException", "No scalable target found for " + arn, 400);
}

json tag_resource(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ResourceARN");
  std::vector<store::tag> tags;
  for (const auto& [k, v] : input["Tags"].items()) {
    tags.push_back({k, v.get<std::string>()});
  }
  ctx.db.write([&] {
    require_tagged_target(ctx, arn);
    if (store::exceeds_tag_limit(ctx.db, arn, tags)) {
      throw service_error("TooManyTagsException", "Too many tags: a resource can have 50.");
    }
    store::put_tags(ctx.db, arn, tags);
  });
  return json::object();
}

json untag_resource(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ResourceARN");
  auto keys = api::str_list(input, "TagKeys");
  ctx.db.write([&] {
    require_tagged_target(ctx, arn);
    store::remove_tags(ctx.db, arn, keys);
  });
  return json::object();
}

json list_tags_for_resource(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ResourceARN");
  return ctx.db.read([&] {
    require_tagged_target(ctx, arn);
    json tags = json::object();
    for (const auto& t : store::tags_of(ctx.db, arn)) {
      tags[t.key] = t.value;
    }
    return json{{"Tags", tags}};
  });
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  table.add("TagResource", tag_resource);
  table.add("UntagResource", untag_resource);
  table.add("ListTagsForResource", list_tags_for_resource);
}

}  // namespace minecs::autoscaling
