#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/store/log_events.hpp"

namespace minecs::logs {

// GetLogEvents tokens have CloudWatch Logs' shape, "f/" or "b/" and digits, because clients
// (aws logs tail, SDK paginators) compare them to detect the end of a stream. The digits are a
// position: a forward token reads the events after it, a backward token the events before it.
enum class direction { forward, backward };
struct stream_token {
  direction dir = direction::forward;
  store::event_position position;
};
std::string encode_stream_token(const stream_token& t);
std::optional<stream_token> decode_stream_token(std::string_view text);

// An event's id: the digits of its position, unique and in read order.
std::string event_id(const store::log_event& e);

}  // namespace minecs::logs
