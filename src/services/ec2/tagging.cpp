// CreateTags, DeleteTags and DescribeTags over every taggable EC2 resource of minecs.
#include <algorithm>

#include "filters.hpp"
#include "handlers.hpp"
#include "lists.hpp"
#include "minecs/api/input.hpp"
#include "paging.hpp"
#include "tags.hpp"

namespace minecs::ec2 {

namespace {

// Inside a transaction: the resources a request names, each existing in this region.
std::vector<std::string> tagged_resources(api::request_context& ctx, const json& input) {
  auto ids = api::str_list(input, "Resources");
  if (ids.empty()) {
    throw missing_parameter("resourceIdSet");
  }
  for (const auto& id : ids) {
    auto kind = kind_of_id(id);
    if (!kind) {
      throw ec2_error("InvalidID", "The ID '" + id + "' is not valid");
    }
    if (!store::find_ec2_document(ctx.db, kind->type, ctx.scope.region, id)) {
      throw not_found(*kind, id);
    }
  }
  return ids;
}

json create_tags(api::request_context& ctx, const json& input) {
  auto tags = tags_from_list(list_member(input, "Tags"));
  if (tags.empty()) {
    throw missing_parameter("tagSet");
  }
  ctx.db.write([&] {
    for (const auto& id : tagged_resources(ctx, input)) {
      put_resource_tags(ctx, id, tags);
    }
  });
  return json::object();
}

json delete_tags(api::request_context& ctx, const json& input) {
  bool all = !api::has(input, "Tags");
  const auto& wanted = list_member(input, "Tags");
  ctx.db.write([&] {
    for (const auto& id : tagged_resources(ctx, input)) {
      std::vector<std::string> keys;
      for (const auto& t : resource_tags(ctx, id)) {
        // A key alone removes the tag; a key with a value only when the value is the same.
        bool named = std::any_of(wanted.begin(), wanted.end(), [&](const json& w) {
          return w.value("Key", "") == t.key &&
                 (!w.contains("Value") || w["Value"].is_null() || w["Value"] == t.value);
        });
        if (all || named) {
          keys.push_back(t.key);
        }
      }
      store::remove_tags(ctx.db, ec2_arn(ctx.scope, id), keys);
    }
  });
  return json::object();
}

filter_fields tag_fields(const std::string& id, const std::string& type, const store::arn_tag& t) {
  return {{"key", {t.key}}, {"resource-id", {id}}, {"resource-type", {type}}, {"value", {t.value}}};
}

json describe_tags(api::request_context& ctx, const json& input) {
  auto filters = parse_filters(input);
  check_filter_names(filters, tag_fields({}, {}, {}));
  auto page = read_page_request(input, "DescribeTags");
  auto prefix = make_arn(ctx.scope, "ec2", "");
  auto tags = ctx.db.read([&] { return store::tags_under(ctx.db, prefix); });
  std::vector<keyed_item> items;
  for (const auto& t : tags) {
    auto resource = t.arn.substr(prefix.size());
    auto slash = resource.find('/');
    if (slash == std::string::npos) {
      continue;
    }
    auto type = resource.substr(0, slash);
    auto id = resource.substr(slash + 1);
    if (filters_match(filters, tag_fields(id, type, t), {})) {
      items.emplace_back(
          t.arn + "\n" + t.key,
          json{{"Key", t.key}, {"ResourceId", id}, {"ResourceType", type}, {"Value", t.value}});
    }
  }
  json out = json::object();
  write_page(out, "Tags", std::move(items), page);
  return out;
}

}  // namespace

void add_tag_handlers(api::handler_table& table) {
  add_handler(table, "CreateTags", create_tags);
  add_handler(table, "DeleteTags", delete_tags);
  add_handler(table, "DescribeTags", describe_tags);
}

}  // namespace minecs::ec2
