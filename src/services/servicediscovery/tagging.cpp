// Tags of namespaces and services, by ARN.
#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::servicediscovery {

namespace {

// The ARN, checked to name a namespace or service of this region.
std::string tagged_arn(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "ResourceARN");
  auto id = id_of(arn);
  bool known = false;
  if (arn.find(":namespace/") != std::string::npos) {
    auto n = store::find_cloudmap_namespace(ctx.db, id);
    known = n && n->arn == arn;
  } else if (arn.find(":service/") != std::string::npos) {
    auto s = store::find_cloudmap_service(ctx.db, id);
    known = s && s->arn == arn;
  }
  if (!known) {
    throw service_error(
        "ResourceNotFoundException",
        "The operation can't be completed because the resource " + arn + " was not found.");
  }
  return arn;
}

json tag_resource(api::request_context& ctx, const json& input) {
  ctx.db.write([&] { tag_new_resource(ctx, tagged_arn(ctx, input), input); });
  return json::object();
}

json untag_resource(api::request_context& ctx, const json& input) {
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
    return json{{"Tags", list}};
  });
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  table.add("TagResource", tag_resource);
  table.add("UntagResource", untag_resource);
  table.add("ListTagsForResource", list_tags_for_resource);
}

}  // namespace minecs::servicediscovery
