// AddTags, RemoveTags and DescribeTags on load balancers, target groups, listeners and rules,
// over the shared tag store (keyed by ARN).
#include <set>

#include "arns.hpp"
#include "handlers.hpp"
#include "minecs/api/input.hpp"

namespace minecs::elbv2 {

namespace {

// ELBv2's limit on the tags of one resource.
constexpr std::size_t max_tags = 50;

std::vector<store::tag> tags_from_list(const json& list) {
  std::vector<store::tag> out;
  std::set<std::string> keys;
  for (const auto& t : list) {
    store::tag parsed{t.value("Key", ""), t.value("Value", "")};
    if (parsed.key.starts_with("aws:")) {
      throw validation_error("Tag keys starting with 'aws:' are reserved for internal use");
    }
    if (!keys.insert(parsed.key).second) {
      throw elb_error("DuplicateTagKeys", "Tag key '" + parsed.key + "' is duplicated");
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

// Inside a transaction: throws the not-found error of the ARN's kind unless it names a record.
void require_resource(api::request_context& ctx, const std::string& arn) {
  switch (kind_of_arn(arn)) {
    case arn_kind::load_balancer:
      require_load_balancer(ctx, arn);
      return;
    case arn_kind::target_group:
      require_target_group(ctx, arn);
      return;
    case arn_kind::listener:
      require_listener(ctx, arn);
      return;
    case arn_kind::rule:
      require_rule(ctx, arn);
      return;
    case arn_kind::none:
      break;
  }
  throw validation_error("'" + arn + "' is not a valid resource ARN");
}

json add_tags(api::request_context& ctx, const json& input) {
  auto arns = api::str_list(input, "ResourceArns");
  ctx.db.write([&] {
    for (const auto& arn : arns) {
      require_resource(ctx, arn);
      put_resource_tags(ctx, arn, input.at("Tags"));
    }
  });
  return json::object();
}

json remove_tags(api::request_context& ctx, const json& input) {
  auto arns = api::str_list(input, "ResourceArns");
  auto keys = api::str_list(input, "TagKeys");
  ctx.db.write([&] {
    for (const auto& arn : arns) {
      require_resource(ctx, arn);
      store::remove_tags(ctx.db, arn, keys);
    }
  });
  return json::object();
}

json describe_tags(api::request_context& ctx, const json& input) {
  auto arns = api::str_list(input, "ResourceArns");
  json descriptions = json::array();
  ctx.db.read([&] {
    for (const auto& arn : arns) {
      require_resource(ctx, arn);
      json tags = json::array();
      for (const auto& t : store::tags_of(ctx.db, arn)) {
        tags.push_back({{"Key", t.key}, {"Value", t.value}});
      }
      descriptions.push_back({{"ResourceArn", arn}, {"Tags", std::move(tags)}});
    }
  });
  return {{"TagDescriptions", std::move(descriptions)}};
}

}  // namespace

void put_resource_tags(api::request_context& ctx, const std::string& arn, const json& tag_list) {
  if (!tag_list.is_array()) {
    return;
  }
  auto tags = tags_from_list(tag_list);
  std::set<std::string> keys;
  for (const auto& t : store::tags_of(ctx.db, arn)) {
    keys.insert(t.key);
  }
  for (const auto& t : tags) {
    keys.insert(t.key);
  }
  if (keys.size() > max_tags) {
    throw elb_error("TooManyTags",
                    "The quota for the number of tags that can be assigned to a "
                    "load balancer, target group, listener or rule (50) has been "
                    "reached");
  }
  store::put_tags(ctx.db, arn, tags);
}

void delete_resource(api::request_context& ctx, const std::string& arn) {
  store::delete_ec2_resource(ctx.db, arn);
  store::drop_tags(ctx.db, arn);
}

void add_tag_handlers(api::handler_table& table) {
  table.add("AddTags", add_tags);
  table.add("RemoveTags", remove_tags);
  table.add("DescribeTags", describe_tags);
}

}  // namespace minecs::elbv2
