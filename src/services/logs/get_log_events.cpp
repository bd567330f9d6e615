#include <algorithm>
#include <limits>

#include "common.hpp"
#include "minecs/api/input.hpp"
#include "tokens.hpp"

namespace minecs::logs {

namespace {

// Keeps the events nearest to where reading started: the first ones going forward, the last
// ones going backward.
void trim_to_response_size(std::vector<store::log_event>& events, direction dir) {
  std::size_t bytes = 0;
  std::size_t keep = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = dir == direction::forward ? events[i] : events[events.size() - 1 - i];
    bytes += e.message.size();
    if (bytes > max_events_response_bytes && keep > 0) {
      break;
    }
    ++keep;
  }
  if (dir == direction::forward) {
    events.resize(keep);
  } else {
    events.erase(events.begin(), events.end() - static_cast<std::ptrdiff_t>(keep));
  }
}

// The position just past `p` on the other side, so that a token of the other direction covers
// exactly what `p` covered: events <= p become "before the next position" and vice versa.
store::event_position step(store::event_position p, direction towards) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  if (towards == direction::forward) {
    return p.id < max ? store::event_position{p.timestamp_ms, p.id + 1}
                      : store::event_position{p.timestamp_ms + 1, 0};
  }
  if (p.id > 0) {
    return {p.timestamp_ms, p.id - 1};
  }
  // No event has id 0, so nothing lies before the first position.
  return p.timestamp_ms > 0 ? store::event_position{p.timestamp_ms - 1, max} : p;
}

json get_log_events(api::request_context& ctx, const json& input) {
  auto group = group_name_from_input(ctx, input);
  auto stream = api::str(input, "logStreamName");
  auto limit = static_cast<std::size_t>(api::opt_int(input, "limit").value_or(default_event_limit));
  std::optional<stream_token> token;
  if (api::has(input, "nextToken")) {
    token = decode_stream_token(api::str(input, "nextToken"));
    if (!token) {
      throw invalid_parameter("The specified nextToken is invalid.");
    }
  } else {
    // Without a token, startFromHead picks the end of the stream reading starts from.
    token = api::boolean(input, "startFromHead")
                ? stream_token{direction::forward, store::event_position::first()}
                : stream_token{direction::backward, store::event_position::last()};
  }
  auto now = now_ms(ctx);

  auto events = ctx.db.read([&] {
    auto g = require_group(ctx, group);
    auto s = store::find_log_stream(ctx.db, g.id, stream);
    if (!s) {
      throw stream_not_found();
    }
    store::event_window window;
    window.start_ms = std::max<std::int64_t>(api::opt_int(input, "startTime").value_or(0),
                                             retention_cutoff_ms(g, now));
    if (auto end = api::opt_int(input, "endTime")) {
      window.end_ms = *end;
    }
    return token->dir == direction::forward
               ? store::stream_events_after(ctx.db, s->id, window, token->position, limit)
               : store::stream_events_before(ctx.db, s->id, window, token->position, limit);
  });
  trim_to_response_size(events, token->dir);

  json out{{"events", json::array()}};
  for (const auto& e : events) {
    out["events"].push_back(render_output_event(e));
  }
  stream_token forward{direction::forward, {}};
  stream_token backward{direction::backward, {}};
  if (!events.empty()) {
    forward.position = position_of(events.back());
    backward.position = position_of(events.front());
  } else if (api::has(input, "nextToken")) {
    // Nothing (new) there: the token passed in comes back, which is how clients that follow a
    // stream know to wait, and the other one covers the same place.
    (token->dir == direction::forward ? forward : backward).position = token->position;
    (token->dir == direction::forward ? backward : forward).position =
        step(token->position,
             token->dir == direction::forward ? direction::forward : direction::backward);
  } else {
    // An empty window: both tokens start from the head so that later events are found.
    forward.position = backward.position = store::event_position::first();
  }
  out["nextForwardToken"] = encode_stream_token(forward);
  out["nextBackwardToken"] = encode_stream_token(backward);
  return out;
}

}  // namespace

void add_get_log_events_handler(api::handler_table& table) {
  table.add("GetLogEvents", get_log_events);
}

}  // namespace minecs::logs
