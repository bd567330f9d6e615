#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::logs {

namespace {

// Tags belong to the group's ARN in the shared tags table, so they go with the group.
std::string existing_group_arn(api::request_context& ctx, const std::string& name) {
  require_group(ctx, name);
  return log_group_arn(ctx.scope, name);
}

json tag_log_group(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "logGroupName");
  auto tags = tags_from_map(input, "tags");
  ctx.db.write([&] {
    add_group_tags(ctx, existing_group_arn(ctx, name), tags, "InvalidParameterException");
  });
  return json::object();
}

json untag_log_group(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "logGroupName");
  auto keys = api::str_list(input, "tags");
  ctx.db.write([&] { store::remove_tags(ctx.db, existing_group_arn(ctx, name), keys); });
  return json::object();
}

json list_tags_log_group(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "logGroupName");
  return ctx.db.read([&] {
    return json{{"tags", render_tag_map(store::tags_of(ctx.db, existing_group_arn(ctx, name)))}};
  });
}

json tag_resource(api::request_context& ctx, const json& input) {
  auto name = group_name_from_arn(ctx, api::str(input, "resourceArn"));
  auto tags = tags_from_map(input, "tags");
  ctx.db.write(
      [&] { add_group_tags(ctx, existing_group_arn(ctx, name), tags, "TooManyTagsException"); });
  return json::object();
}

json untag_resource(api::request_context& ctx, const json& input) {
  auto name = group_name_from_arn(ctx, api::str(input, "resourceArn"));
  auto keys = api::str_list(input, "tagKeys");
  ctx.db.write([&] { store::remove_tags(ctx.db, existing_group_arn(ctx, name), keys); });
  return json::object();
}

json list_tags_for_resource(api::request_context& ctx, const json& input) {
  auto name = group_name_from_arn(ctx, api::str(input, "resourceArn"));
  return ctx.db.read([&] {
    return json{{"tags", render_tag_map(store::tags_of(ctx.db, existing_group_arn(ctx, name)))}};
  });
}

}  // namespace

std::vector<store::tag> tags_from_map(const json& input, const char* member) {
  std::vector<store::tag> out;
  if (!api::has(input, member)) {
    return out;
  }
  for (const auto& [key, value] : input.at(member).items()) {
    if (key.starts_with("aws:")) {
      throw invalid_parameter("Tag keys beginning with aws: are reserved for AWS use.");
    }
    out.push_back({key, value.get<std::string>()});
  }
  return out;
}

void add_group_tags(api::request_context& ctx, const std::string& group_arn,
                    const std::vector<store::tag>& tags, const char* too_many_code) {
  if (store::exceeds_tag_limit(ctx.db, group_arn, tags)) {
    throw service_error(too_many_code, "A log group can have at most 50 tags.");
  }
  store::put_tags(ctx.db, group_arn, tags);
}

void add_tag_handlers(api::handler_table& table) {
  table.add("TagLogGroup", tag_log_group);
  table.add("UntagLogGroup", untag_log_group);
  table.add("ListTagsLogGroup", list_tags_log_group);
  table.add("TagResource", tag_resource);
  table.add("UntagResource", untag_resource);
  table.add("ListTagsForResource", list_tags_for_resource);
}

}  // namespace minecs::logs
