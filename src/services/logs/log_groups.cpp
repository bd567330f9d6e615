#include <algorithm>
#include <cctype>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"

namespace minecs::logs {

namespace {

json create_log_group(api::request_context& ctx, const json& input) {
  store::log_group g;
  g.region = ctx.scope.region;
  g.name = api::str(input, "logGroupName");
  g.created_ms = now_ms(ctx);
  g.log_group_class = api::str(input, "logGroupClass", "STANDARD");
  g.kms_key_id = api::opt_str(input, "kmsKeyId");
  auto tags = tags_from_map(input, "tags");
  ctx.db.write([&] {
    if (!store::insert_log_group(ctx.db, g)) {
      throw already_exists("The specified log group already exists");
    }
    add_group_tags(ctx, log_group_arn(ctx.scope, g.name), tags, "InvalidParameterException");
  });
  return json::object();
}

json delete_log_group(api::request_context& ctx, const json& input) {
  auto name = api::str(input, "logGroupName");
  ctx.db.write([&] {
    auto g = require_group(ctx, name);
    store::delete_log_group(ctx.db, g.id);
    store::drop_tags(ctx.db, log_group_arn(ctx.scope, name));
  });
  return json::object();
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

json describe_log_groups(api::request_context& ctx, const json& input) {
  auto prefix = api::str(input, "logGroupNamePrefix");
  bool by_pattern = api::has(input, "logGroupNamePattern");
  // The pattern is a case-insensitive substring of the name.
  auto pattern = lowercase(api::str(input, "logGroupNamePattern"));
  bool by_identifiers = api::has(input, "logGroupIdentifiers");
  if (!prefix.empty() + by_pattern + by_identifiers > 1) {
    throw invalid_parameter(
        "logGroupNamePrefix, logGroupNamePattern and logGroupIdentifiers are mutually exclusive "
        "parameters.");
  }
  std::vector<std::string> names;
  for (const auto& id : api::str_list(input, "logGroupIdentifiers")) {
    names.push_back(id.starts_with("arn:") ? group_name_from_arn(ctx, id) : id);
  }
  auto group_class = api::opt_str(input, "logGroupClass");
  int limit = static_cast<int>(api::opt_int(input, "limit").value_or(default_describe_limit));
  std::string after;
  if (api::has(input, "nextToken")) {
    after = api::decode_page_token(api::str(input, "nextToken"), "DescribeLogGroups")
                .get<std::string>();
  }

  auto groups = ctx.db.read([&] { return store::list_log_groups(ctx.db, ctx.scope.region); });
  json out{{"logGroups", json::array()}};
  std::string last;
  for (const auto& g : groups) {
    if (!after.empty() && g.name <= after) {
      continue;
    }
    if ((!prefix.empty() && !g.name.starts_with(prefix)) ||
        (by_pattern && lowercase(g.name).find(pattern) == std::string::npos) ||
        (by_identifiers && std::find(names.begin(), names.end(), g.name) == names.end()) ||
        (group_class && g.log_group_class != *group_class)) {
      continue;
    }
    if (static_cast<int>(out["logGroups"].size()) == limit) {
      out["nextToken"] = api::encode_page_token(api::make_page_cursor("DescribeLogGroups", last));
      break;
    }
    out["logGroups"].push_back(render_log_group(ctx.scope, g));
    last = g.name;
  }
  return out;
}

}  // namespace

void add_log_group_handlers(api::handler_table& table) {
  table.add("CreateLogGroup", create_log_group);
  table.add("DeleteLogGroup", delete_log_group);
  table.add("DescribeLogGroups", describe_log_groups);
}

}  // namespace minecs::logs
