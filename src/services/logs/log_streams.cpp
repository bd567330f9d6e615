#include <algorithm>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"

namespace minecs::logs {

namespace {

json create_log_stream(api::request_context& ctx, const json& input) {
  auto group = api::str(input, "logGroupName");
  store::log_stream s;
  s.name = api::str(input, "logStreamName");
  s.created_ms = now_ms(ctx);
  ctx.db.write([&] {
    s.group_id = require_group(ctx, group).id;
    if (!store::insert_log_stream(ctx.db, s)) {
      throw already_exists("The specified log stream already exists");
    }
  });
  return json::object();
}

json delete_log_stream(api::request_context& ctx, const json& input) {
  auto group = api::str(input, "logGroupName");
  auto name = api::str(input, "logStreamName");
  ctx.db.write([&] {
    auto s = store::find_log_stream(ctx.db, require_group(ctx, group).id, name);
    if (!s) {
      throw stream_not_found();
    }
    store::delete_log_stream(ctx.db, s->id);
  });
  return json::object();
}

// A stream's place in the requested order: by name, or by last event time then name (streams
// without events first, as their time is unknown).
struct sort_key {
  std::int64_t time = 0;
  std::string name;
  // clang-tidy 14 reports a 0 that it synthesises inside a defaulted <=>.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  auto operator<=>(const sort_key&) const = default;
};

json describe_log_streams(api::request_context& ctx, const json& input) {
  auto group = group_name_from_input(ctx, input);
  auto prefix = api::str(input, "logStreamNamePrefix");
  bool by_time = api::str(input, "orderBy", "LogStreamName") == "LastEventTime";
  bool descending = api::boolean(input, "descending");
  if (by_time && !prefix.empty()) {
    throw invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  int limit = static_cast<int>(api::opt_int(input, "limit").value_or(default_describe_limit));
  std::optional<sort_key> after;
  if (api::has(input, "nextToken")) {
    auto cursor = api::decode_page_token(api::str(input, "nextToken"), "DescribeLogStreams");
    if (!cursor.is_array() || cursor.size() != 2 || !cursor[0].is_number_integer() ||
        !cursor[1].is_string()) {
      throw invalid_parameter("Invalid token " + api::str(input, "nextToken"));
    }
    after = sort_key{cursor[0].get<std::int64_t>(), cursor[1].get<std::string>()};
  }

  auto streams = ctx.db.read([&] {
    auto g = require_group(ctx, group);
    return store::list_log_streams(ctx.db, g.id);
  });
  std::vector<std::pair<sort_key, const store::log_stream*>> ordered;
  for (const auto& s : streams) {
    if (s.name.starts_with(prefix)) {
      ordered.push_back({{by_time ? s.last_event_ms.value_or(-1) : 0, s.name}, &s});
    }
  }
  // Whether `key` comes after `other` in the requested direction.
  auto follows = [&](const sort_key& key, const sort_key& other) {
    return descending ? key < other : other < key;
  };
  std::sort(ordered.begin(), ordered.end(),
            [&](const auto& a, const auto& b) { return follows(b.first, a.first); });

  json out{{"logStreams", json::array()}};
  for (const auto& [key, s] : ordered) {
    if (after && !follows(key, *after)) {
      continue;
    }
    if (static_cast<int>(out["logStreams"].size()) == limit) {
      // Only when something follows: an SDK paginator stops at the first page without a token.
      out["nextToken"] = api::encode_page_token(
          api::make_page_cursor("DescribeLogStreams", json::array({after->time, after->name})));
      break;
    }
    out["logStreams"].push_back(render_log_stream(ctx.scope, group, *s));
    after = key;
  }
  return out;
}

}  // namespace

void add_log_stream_handlers(api::handler_table& table) {
  table.add("CreateLogStream", create_log_stream);
  table.add("DeleteLogStream", delete_log_stream);
  table.add("DescribeLogStreams", describe_log_streams);
}

}  // namespace minecs::logs
