#include "common.hpp"
#include "minecs/api/input.hpp"

namespace minecs::logs {

namespace {

constexpr std::int64_t max_batch_bytes = 1'048'576;
constexpr std::int64_t per_event_overhead = 26;
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t max_future_ms = 2 * hour_ms;
constexpr std::int64_t max_past_ms = 14 * 24 * hour_ms;
constexpr std::int64_t max_span_ms = 24 * hour_ms;

std::vector<store::log_event_in> events_from_input(const json& input) {
  std::vector<store::log_event_in> events;
  std::int64_t bytes = 0;
  for (const auto& e : input.at("logEvents")) {
    events.push_back({e.at("timestamp").get<std::int64_t>(), e.at("message").get<std::string>()});
    bytes += static_cast<std::int64_t>(events.back().message.size()) + per_event_overhead;
  }
  if (bytes > max_batch_bytes) {
    throw invalid_parameter("Upload too large: " + std::to_string(bytes) +
                            " bytes exceeds limit of " + std::to_string(max_batch_bytes));
  }
  for (std::size_t i = 1; i < events.size(); ++i) {
    if (events[i].timestamp_ms < events[i - 1].timestamp_ms) {
      throw invalid_parameter(
          "Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  if (events.back().timestamp_ms - events.front().timestamp_ms > max_span_ms) {
    throw invalid_parameter(
        "The batch of log events in a single PutLogEvents request cannot span more than 24 "
        "hours.");
  }
  return events;
}

// The sequence token is accepted and ignored, as CloudWatch Logs has done since 2023: parallel
// writers to one stream never see InvalidSequenceTokenException.
json put_log_events(api::request_context& ctx, const json& input) {
  auto group = api::str(input, "logGroupName");
  auto stream = api::str(input, "logStreamName");
  auto events = events_from_input(input);
  auto now = now_ms(ctx);

  return ctx.db.write([&] {
    auto g = require_group(ctx, group);
    auto s = store::find_log_stream(ctx.db, g.id, stream);
    if (!s) {
      throw stream_not_found();
    }
    // Events are in order, so the rejected ones are a prefix (too old, expired) and a suffix
    // (too new); the rest is stored.
    auto cutoff = retention_cutoff_ms(g, now);
    std::optional<int> too_old_end, expired_end, too_new_start;
    std::vector<store::log_event_in> accepted;
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto ts = events[i].timestamp_ms;
      int index = static_cast<int>(i);
      if (ts > now + max_future_ms) {
        too_new_start = index;
        break;
      }
      if (ts < now - max_past_ms) {
        too_old_end = index;
      } else if (ts < cutoff) {
        expired_end = index;
      } else {
        accepted.push_back(std::move(events[i]));
      }
    }
    json out = json::object();
    json rejected = json::object();
    if (too_new_start) {
      rejected["tooNewLogEventStartIndex"] = *too_new_start;
    }
    if (too_old_end) {
      rejected["tooOldLogEventEndIndex"] = *too_old_end;
    }
    if (expired_end) {
      rejected["expiredLogEventEndIndex"] = *expired_end;
    }
    if (!rejected.empty()) {
      out["rejectedLogEventsInfo"] = rejected;
    }
    auto sequence =
        accepted.empty() ? s->upload_sequence : store::insert_log_events(ctx.db, *s, accepted, now);
    if (sequence > 0) {
      out["nextSequenceToken"] = sequence_token(sequence);
    }
    if (cutoff > 0 && !accepted.empty()) {
      // Appending is when the group grows, so it is when expired events are dropped.
      store::purge_log_events_before(ctx.db, g.id, cutoff);
    }
    return out;
  });
}

}  // namespace

void add_put_log_events_handler(api::handler_table& table) {
  table.add("PutLogEvents", put_log_events);
}

}  // namespace minecs::logs
