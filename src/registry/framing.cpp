#include "framing.hpp"

#include <algorithm>

#include "minecs/core/hex.hpp"

namespace minecs::registry {

std::size_t body_framing::take(const char* p, std::size_t n) {
  if (done_) {
    return 0;
  }
  switch (kind_) {
    case kind::close:
      return n;
    case kind::length: {
      auto k = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, n));
      remaining_ -= k;
      done_ = remaining_ == 0;
      return k;
    }
    case kind::chunked:
      break;
  }
  return take_chunked(p, n);
}

// chunk = size [; extensions] CRLF data CRLF; the last chunk has size 0 and trailer lines follow
// until an empty line.
std::size_t body_framing::take_chunked(const char* p, std::size_t n) {
  std::size_t i = 0;
  while (i < n && !done_) {
    char c = p[i];
    switch (state_) {
      case state::size:
        if (int v = hex_digit_value(c); v >= 0) {
          remaining_ = remaining_ * 16 + static_cast<std::uint64_t>(v);
          size_digits_ = true;
          ++i;
          break;
        }
        state_ = state::size_rest;
        break;
      case state::size_rest:
        ++i;
        if (c == '\n') {
          state_ = remaining_ == 0 ? state::trailer_start : state::data;
          size_digits_ = false;
        }
        break;
      case state::data: {
        auto k = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, n - i));
        remaining_ -= k;
        i += k;
        if (remaining_ == 0) {
          state_ = state::data_end;
        }
        break;
      }
      case state::data_end:
        ++i;
        if (c == '\n') {
          state_ = state::size;
        }
        break;
      case state::trailer_start:
        ++i;
        if (c == '\n') {
          done_ = true;
        } else if (c != '\r') {
          state_ = state::trailer_line;
        }
        break;
      case state::trailer_line:
        ++i;
        if (c == '\n') {
          state_ = state::trailer_start;
        }
        break;
    }
  }
  return i;
}

}  // namespace minecs::registry
