#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::secretsmanager {

namespace {

json tag_resource(api::request_context& ctx, const json& input) {
  std::vector<store::tag> tags;
  for (const auto& t : api::member_or(input, "Tags", no_items())) {
    tags.push_back({api::str(t, "Key"), api::str(t, "Value")});
  }
  ctx.db.write([&] {
    auto s = require_live_secret(ctx, api::str(input, "SecretId"));
    if (store::exceeds_tag_limit(ctx.db, s.arn, tags)) {
      throw service_error("InvalidParameterException",
                          "A secret can have at most 50 tags: this request would exceed it.");
    }
    store::put_tags(ctx.db, s.arn, tags);
  });
  return json::object();
}

json untag_resource(api::request_context& ctx, const json& input) {
  auto keys = api::str_list(input, "TagKeys");
  ctx.db.write([&] {
    auto s = require_live_secret(ctx, api::str(input, "SecretId"));
    store::remove_tags(ctx.db, s.arn, keys);
  });
  return json::object();
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  table.add("TagResource", tag_resource);
  table.add("UntagResource", untag_resource);
}

}  // namespace minecs::secretsmanager
