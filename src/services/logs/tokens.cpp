#include "tokens.hpp"

#include <charconv>

namespace minecs::logs {

namespace {

// 19 digits hold any non-negative int64, so a position is always 38 digits.
constexpr std::size_t field_digits = 19;

std::string padded(std::int64_t v) {
  auto text = std::to_string(v);
  return std::string(field_digits - std::min(field_digits, text.size()), '0') + text;
}

std::string position_digits(const store::event_position& p) {
  return padded(p.timestamp_ms) + padded(p.id);
}

std::optional<std::int64_t> parse_field(std::string_view digits) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size() || v < 0) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::string encode_stream_token(const stream_token& t) {
  return (t.dir == direction::forward ? "f/" : "b/") + position_digits(t.position);
}

std::optional<stream_token> decode_stream_token(std::string_view text) {
  if (text.size() != 2 + 2 * field_digits || text[1] != '/' || (text[0] != 'f' && text[0] != 'b')) {
    return std::nullopt;
  }
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  auto ts = parse_field(text.substr(2, field_digits));
  auto id = parse_field(text.substr(2 + field_digits));
  if (!ts || !id) {
    return std::nullopt;
  }
  return stream_token{text[0] == 'f' ? direction::forward : direction::backward, {*ts, *id}};
}

std::string event_id(const store::log_event& e) {
  return position_digits(position_of(e));
}

}  // namespace minecs::logs
