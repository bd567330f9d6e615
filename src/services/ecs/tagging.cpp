#include <map>

#include "clusters.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/store/clusters.hpp"
#include "tagging.hpp"

namespace minecs::ecs {

void check_cluster(api::request_context& ctx, const parsed_arn& arn) {
  auto c = store::find_cluster(ctx.db, ctx.scope.region, arn.resource);
  if (!c || c->status != "ACTIVE") {
    throw cluster_not_found();
  }
}

namespace {

// Every taggable resource type and its existence check, each written beside its handlers.
const resource_check* find_check(const std::string& resource_type) {
  static const std::map<std::string, resource_check, std::less<>> checks = {
      {"cluster", check_cluster},
      {"container-instance", check_container_instance},
      {"service", check_service},
      {"task", check_task},
      {"task-definition", check_task_definition},
  };
  auto it = checks.find(resource_type);
  return it == checks.end() ? nullptr : &it->second;
}

void require_resource(api::request_context& ctx, const std::string& arn_text) {
  auto arn = parse_arn(arn_text);
  if (!arn || arn->service != "ecs" || arn->region != ctx.scope.region ||
      arn->account != ctx.scope.account) {
    throw invalid_parameter("The ARN " + arn_text + " is not a valid ECS resource ARN.");
  }
  const auto* check = find_check(arn->resource_type);
  if (check == nullptr) {
    throw invalid_parameter("The specified resource type " + arn->resource_type +
                            " cannot be tagged.");
  }
  (*check)(ctx, *arn);
}

json tag_resource(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "resourceArn");
  auto tags = tags_from_input(input, "tags");
  return ctx.db.write([&] {
    require_resource(ctx, arn);
    if (store::exceeds_tag_limit(ctx.db, arn, tags)) {
      throw invalid_parameter("A resource can have at most 50 tags.");
    }
    store::put_tags(ctx.db, arn, tags);
    return json::object();
  });
}

json untag_resource(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "resourceArn");
  auto keys = api::str_list(input, "tagKeys");
  return ctx.db.write([&] {
    require_resource(ctx, arn);
    store::remove_tags(ctx.db, arn, keys);
    return json::object();
  });
}

json list_tags_for_resource(api::request_context& ctx, const json& input) {
  auto arn = api::str(input, "resourceArn");
  return ctx.db.read([&] {
    require_resource(ctx, arn);
    return json{{"tags", render_tags(store::tags_of(ctx.db, arn))}};
  });
}

}  // namespace

std::vector<store::tag> tags_from_input(const json& input, const char* member) {
  std::vector<store::tag> out;
  if (!api::has(input, member)) {
    return out;
  }
  const auto& list = input.at(member);
  if (list.size() > store::max_tags_per_resource) {
    throw invalid_parameter("A resource can have at most 50 tags.");
  }
  for (const auto& t : list) {
    auto key = api::str(t, "key");
    if (key.empty()) {
      throw invalid_parameter("Tag keys must not be empty.");
    }
    if (key.size() >= 4 && (key.compare(0, 4, "aws:") == 0 || key.compare(0, 4, "AWS:") == 0)) {
      throw invalid_parameter("Tag keys that start with aws: are reserved for AWS use.");
    }
    out.push_back({key, api::str(t, "value")});
  }
  return out;
}

json render_tags(const std::vector<store::tag>& tags) {
  json out = json::array();
  for (const auto& t : tags) {
    out.push_back({{"key", t.key}, {"value", t.value}});
  }
  return out;
}

void add_tag_handlers(api::handler_table& table) {
  table.add("TagResource", tag_resource);
  table.add("UntagResource", untag_resource);
  table.add("ListTagsForResource", list_tags_for_resource);
}

}  // namespace minecs::ecs
