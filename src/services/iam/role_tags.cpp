// A role's tags (keys unique without regard to case, at most 50).
#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::iam {

namespace {

json tag_role(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    r.tags = merge_tags(std::move(r.tags), input);
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json untag_role(api::request_context& ctx, const json& input) {
  ctx.db.write([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    for (const auto& key : api::str_list(input, "TagKeys")) {
      std::erase_if(r.tags,
                    [&](const auto& t) { return store::iam_key(t.key) == store::iam_key(key); });
    }
    store::put_iam(ctx.db, r);
  });
  return json::object();
}

json list_role_tags(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    auto r = get_role(ctx, api::str(input, "RoleName"));
    json out = json::object();
    auto range = page(input, r.tags.size(), out);
    std::vector<store::iam_tag> tags(r.tags.begin() + static_cast<long>(range.first),
                                     r.tags.begin() + static_cast<long>(range.last));
    out["Tags"] = render_tags(tags);
    return out;
  });
}

}  // namespace

void add_role_tag_handlers(api::handler_table& table) {
  table.add("TagRole", tag_role);
  table.add("UntagRole", untag_role);
  table.add("ListRoleTags", list_role_tags);
}

}  // namespace minecs::iam
