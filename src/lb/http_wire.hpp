#pragma once
// HTTP/1.1 message heads read in place: views into the bytes as they came, so that the proxy
// routes and forwards a request without copying it into a message object, and the framing of a
// body (RFC 9112 section 6), so that the body's bytes are passed on as they are. Chunked bodies
// are passed on chunked; chunk_scanner only finds where they end.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace minecs::lb {

struct header_field {
  std::string_view name;
  std::string_view value;  // without the white space around it
};

// How the body that follows a head ends.
struct body_framing {
  enum class kind { none, length, chunked, until_close };
  kind type = kind::none;
  std::uint64_t length = 0;  // kind::length
};

enum class parse_status { complete, partial, bad };

struct request_head {
  std::string_view method;
  std::string_view target;
  int minor = 1;  // HTTP/1.minor
  std::vector<header_field> fields;
  std::size_t size = 0;  // the head's bytes, its final empty line included
  body_framing body;
  bool keep_alive = true;
  bool expects_continue = false;  // Expect: 100-continue
  std::string_view host;          // the first Host header
};

struct response_head {
  int status = 0;
  int minor = 1;
  std::string_view reason;
  std::vector<header_field> fields;
  std::size_t size = 0;
  body_framing body;
  bool keep_alive = true;
};

// The head at the start of `data`: complete (out filled, out.size its length), partial (no end
// of head yet: read more, unless `data` is already as long as a head may be) or bad (never a
// valid request: an ALB answers 400). `out.fields` keeps its capacity from one call to the next.
parse_status parse_request_head(std::string_view data, request_head& out);

// The same for a response to a request whose method was HEAD when `to_head`: its body framing
// is none then, as for 1xx, 204 and 304 answers.
parse_status parse_response_head(std::string_view data, bool to_head, response_head& out);

// Whether `token` is in the comma-separated list `list`, ignoring case (Connection's tokens).
bool has_token(std::string_view list, std::string_view token);

bool iequals_ascii(std::string_view a, std::string_view b);

// Where a chunked body ends, fed its bytes in pieces as they come; trailers included.
class chunk_scanner {
 public:
  // How many of `data`'s bytes belong to the body (all of them unless it ended within them).
  // done() tells that it ended, bad() that the bytes are not a chunked body.
  std::size_t feed(std::string_view data);
  bool done() const { return state_ == state::done; }
  bool bad() const { return state_ == state::bad; }

 private:
  enum class state {
    size,
    extension,
    size_lf,
    data,
    data_cr,
    data_lf,
    trailer_start,
    trailer,
    trailer_lf,
    last_lf,
    done,
    bad
  };
  state state_ = state::size;
  std::uint64_t remaining_ = 0;
  int digits_ = 0;
  std::size_t line_ = 0;  // length of the current size or trailer line
};

}  // namespace minecs::lb
