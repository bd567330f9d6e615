#include "minecs/api/tagging.hpp"

#include <memory>
#include <vector>

#include "minecs/api/input.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::api {

void add_tag_handlers(handler_table& table, tagging spelling) {
  // Shared by the three handlers, which outlive this call inside the table.
  auto s = std::make_shared<const tagging>(std::move(spelling));
  table.add(s->tag_operation, [s](request_context& ctx, const json& input) {
    std::vector<store::tag> tags;
    for (const auto& t : member_or(input, s->tags_member.c_str(), json::array())) {
      tags.push_back({str(t, "Key"), str(t, "Value")});
    }
    ctx.db.write([&] {
      auto arn = s->resource(ctx, input);
      if (store::exceeds_tag_limit(ctx.db, arn, tags)) {
        throw s->too_many_tags(arn);
      }
      store::put_tags(ctx.db, arn, tags);
    });
    return json::object();
  });
  table.add(s->untag_operation, [s](request_context& ctx, const json& input) {
    auto keys = str_list(input, s->keys_member.c_str());
    ctx.db.write([&] { store::remove_tags(ctx.db, s->resource(ctx, input), keys); });
    return json::object();
  });
  table.add("ListTagsForResource", [s](request_context& ctx, const json& input) {
    return ctx.db.read([&] {
      json list = json::array();
      for (const auto& t : store::tags_of(ctx.db, s->resource(ctx, input))) {
        list.push_back({{"Key", t.key}, {"Value", t.value}});
      }
      return json{{s->listed_member, list}};
    });
  });
}

}  // namespace minecs::api
