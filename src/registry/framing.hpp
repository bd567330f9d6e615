#pragma once
#include <cstddef>
#include <cstdint>

// Where an HTTP/1.1 body ends, for a proxy that forwards its bytes as they are (no re-chunking,
// no copy through a parser): a length, the chunked coding's own end, or the connection's close.
namespace minecs::registry {

class body_framing {
 public:
  static body_framing none() { return body_framing(kind::length, 0); }
  static body_framing length(std::uint64_t n) { return body_framing(kind::length, n); }
  static body_framing chunked() { return body_framing(kind::chunked, 0); }
  static body_framing until_close() { return body_framing(kind::close, 0); }

  // How many of the `n` bytes at `p` belong to the body (the rest is the next message).
  std::size_t take(const char* p, std::size_t n);
  bool done() const { return done_; }
  bool until_close_delimited() const { return kind_ == kind::close; }

 private:
  enum class kind { length, chunked, close };
  enum class state { size, size_rest, data, data_end, trailer_start, trailer_line };
  body_framing(kind k, std::uint64_t n)
      : kind_(k), remaining_(n), done_(k == kind::length && n == 0) {}
  std::size_t take_chunked(const char* p, std::size_t n);

  kind kind_;
  std::uint64_t remaining_;
  bool done_;
  state state_ = state::size;
  bool size_digits_ = false;
};

}  // namespace minecs::registry
