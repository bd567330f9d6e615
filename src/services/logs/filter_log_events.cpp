#include <algorithm>
#include <limits>
#include <set>

#include "common.hpp"
#include "filter_pattern.hpp"
#include "minecs/api/input.hpp"
#include "minecs/api/pagination.hpp"

namespace minecs::logs {

namespace {

// Events examined per call: like CloudWatch Logs, a search that finds little in a large group
// answers a page with a nextToken rather than running on.
constexpr std::size_t max_scanned = 200'000;

json filter_log_events(api::request_context& ctx, const json& input) {
  auto group = group_name_from_input(ctx, input);
  bool by_names = api::has(input, "logStreamNames");
  bool by_prefix = api::has(input, "logStreamNamePrefix");
  if (by_names && by_prefix) {
    throw invalid_parameter("logStreamNames and logStreamNamePrefix are mutually exclusive.");
  }
  auto names = api::str_list(input, "logStreamNames");
  auto prefix = api::str(input, "logStreamNamePrefix");
  auto pattern = filter_pattern::parse(api::str(input, "filterPattern"));
  auto limit = static_cast<std::size_t>(api::opt_int(input, "limit").value_or(default_event_limit));
  store::event_position after = store::event_position::first();
  if (api::has(input, "nextToken")) {
    auto cursor = api::decode_page_token(api::str(input, "nextToken"), "FilterLogEvents");
    if (!cursor.is_array() || cursor.size() != 2 || !cursor[0].is_number_integer() ||
        !cursor[1].is_number_integer()) {
      throw invalid_parameter("Invalid token " + api::str(input, "nextToken"));
    }
    after = {cursor[0].get<std::int64_t>(), cursor[1].get<std::int64_t>()};
  }
  auto now = now_ms(ctx);

  json events = json::array();
  json searched = json::array();
  bool more = false;
  store::event_position last = after;
  ctx.db.read([&] {
    auto g = require_group(ctx, group);
    std::set<std::int64_t> streams;
    for (const auto& s : store::list_log_streams(ctx.db, g.id)) {
      bool wanted = by_names ? std::find(names.begin(), names.end(), s.name) != names.end()
                             : s.name.starts_with(prefix);
      if (wanted) {
        streams.insert(s.id);
        searched.push_back({{"logStreamName", s.name}});
      }
    }
    store::event_window window;
    window.start_ms = std::max<std::int64_t>(api::opt_int(input, "startTime").value_or(0),
                                             retention_cutoff_ms(g, now));
    if (auto end = api::opt_int(input, "endTime")) {
      // FilterLogEvents includes events at endTime, unlike GetLogEvents.
      window.end_ms = *end < std::numeric_limits<std::int64_t>::max() ? *end + 1 : *end;
    }
    std::size_t scanned = 0;
    std::size_t bytes = 0;
    store::scan_group_events(ctx.db, g.id, window, after, [&](const store::log_event& e) {
      if (scanned == max_scanned) {
        more = true;
        return false;
      }
      ++scanned;
      if (streams.contains(e.stream_id) && pattern.matches(e.message)) {
        if (events.size() == limit ||
            (!events.empty() && bytes + e.message.size() > max_events_response_bytes)) {
          more = true;
          return false;
        }
        bytes += e.message.size();
        events.push_back(render_filtered_event(e));
      }
      last = position_of(e);
      return true;
    });
  });
  for (auto& s : searched) {
    s["searchedCompletely"] = !more;
  }
  json out{{"events", std::move(events)}, {"searchedLogStreams", std::move(searched)}};
  if (more) {
    out["nextToken"] = api::encode_page_token(
        api::make_page_cursor("FilterLogEvents", json::array({last.timestamp_ms, last.id})));
  }
  return out;
}

}  // namespace

void add_filter_log_events_handler(api::handler_table& table) {
  table.add("FilterLogEvents", filter_log_events);
}

}  // namespace minecs::logs
