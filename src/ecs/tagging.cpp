#include <map>
#include <mutex>

#include "minecs/core/service_error.hpp"
#include "minecs/ecs/clusters.hpp"
#include "minecs/ecs/handlers.hpp"
#include "minecs/ecs/input.hpp"
#include "minecs/ecs/tagging.hpp"
#include "minecs/store/clusters.hpp"

namespace minecs::ecs {

namespace {

std::map<std::string, resource_check>& checks() {
  static std::map<std::string, resource_check> all;
  return all;
}
std::mutex checks_mutex;

void require_resource(api::request_context& ctx, const std::string& arn_text) {
  auto arn = parse_arn(arn_text);
  if (!arn || arn->service != "ecs" || arn->region != ctx.scope.region ||
      arn->account != ctx.scope.account) {
    throw invalid_parameter("The ARN " + arn_text + " is not a valid ECS resource ARN.");
  }
  resource_check check;
  {
    std::lock_guard lock(checks_mutex);
    auto it = checks().find(arn->resource_type);
    if (it != checks().end()) {
      check = it->second;
    }
  }
  if (!check) {
    throw invalid_parameter("The specified resource type " + arn->resource_type +
                            " cannot be tagged.");
  }
  check(ctx, *arn);
}

json tag_resource(api::request_context& ctx, const json& input) {
  auto arn = str(input, "resourceArn");
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
  auto arn = str(input, "resourceArn");
  auto keys = str_list(input, "tagKeys");
  return ctx.db.write([&] {
    require_resource(ctx, arn);
    store::remove_tags(ctx.db, arn, keys);
    return json::object();
  });
}

json list_tags_for_resource(api::request_context& ctx, const json& input) {
  auto arn = str(input, "resourceArn");
  return ctx.db.read([&] {
    require_resource(ctx, arn);
    return json{{"tags", render_tags(store::tags_of(ctx.db, arn))}};
  });
}

void check_cluster(api::request_context& ctx, const parsed_arn& arn) {
  auto c = store::find_cluster(ctx.db, ctx.scope.region, arn.resource);
  if (!c || c->status != "ACTIVE") {
    throw cluster_not_found();
  }
}

}  // namespace

std::vector<store::tag> tags_from_input(const json& input, const char* member) {
  std::vector<store::tag> out;
  if (!has(input, member)) {
    return out;
  }
  const auto& list = input.at(member);
  if (list.size() > store::max_tags_per_resource) {
    throw invalid_parameter("A resource can have at most 50 tags.");
  }
  for (const auto& t : list) {
    auto key = str(t, "key");
    if (key.empty()) {
      throw invalid_parameter("Tag keys must not be empty.");
    }
    if (key.size() >= 4 && (key.compare(0, 4, "aws:") == 0 || key.compare(0, 4, "AWS:") == 0)) {
      throw invalid_parameter("Tag keys that start with aws: are reserved for AWS use.");
    }
    out.push_back({key, str(t, "value")});
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

void register_taggable(const std::string& resource_type, resource_check check) {
  std::lock_guard lock(checks_mutex);
  checks()[resource_type] = std::move(check);
}

void add_tag_handlers(api::handler_table& table) {
  register_taggable("cluster", check_cluster);
  table.add("TagResource", tag_resource);
  table.add("UntagResource", untag_resource);
  table.add("ListTagsForResource", list_tags_for_resource);
}

}  // namespace minecs::ecs
