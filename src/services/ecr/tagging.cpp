#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/arn.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::ecr {

namespace {

// The repository an ARN names, inside a transaction; InvalidParameterException for an ARN that
// is not a repository's, RepositoryNotFoundException for one that does not exist.
std::string tagged_arn(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "resourceArn");
  auto prefix = "arn:aws:ecr:" + ctx.scope.region + ":" + ctx.scope.account + ":repository/";
  if (!arn.starts_with(prefix) || arn.size() == prefix.size()) {
    throw invalid_parameter(
        "Invalid parameter at 'resourceArn' failed to satisfy constraint: "
        "'Invalid ARN: " +
        arn + "'");
  }
  auto name = arn.substr(prefix.size());
  if (!store::find_ecr_repository(ctx.db, ctx.scope.region, name)) {
    throw repository_not_found(ctx, name);
  }
  return arn;
}

json tag_resource(api::request_context& ctx, const json& input) {
  std::vector<store::tag> tags;
  for (const auto& t : api::member_or(input, "tags", json::array())) {
    tags.push_back({api::str(t, "Key"), api::str(t, "Value")});
  }
  ctx.db.write([&] {
    auto arn = tagged_arn(ctx, input);
    if (store::exceeds_tag_limit(ctx.db, arn, tags)) {
      throw service_error("TooManyTagsException",
                          "Cannot have more than 50 tags on a resource: " + arn);
    }
    store::put_tags(ctx.db, arn, tags);
  });
  return json::object();
}

json untag_resource(api::request_context& ctx, const json& input) {
  auto keys = api::str_list(input, "tagKeys");
  ctx.db.write([&] { store::remove_tags(ctx.db, tagged_arn(ctx, input), keys); });
  return json::object();
}

json list_tags_for_resource(api::request_context& ctx, const json& input) {
  return ctx.db.read([&] {
    json list = json::array();
    for (const auto& t : store::tags_of(ctx.db, tagged_arn(ctx, input))) {
      list.push_back({{"Key", t.key}, {"Value", t.value}});
    }
    return json{{"tags", list}};
  });
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  table.add("TagResource", tag_resource);
  table.add("UntagResource", untag_resource);
  table.add("ListTagsForResource", list_tags_for_resource);
}

}  // namespace minecs::ecr
