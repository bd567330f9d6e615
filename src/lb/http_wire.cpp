#include "http_wire.hpp"

#include <algorithm>

#include "minecs/core/hex.hpp"

namespace minecs::lb {

namespace {

constexpr std::string_view crlf = "\r\n";

bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return is_tchar(static_cast<unsigned char>(c)); });
}

// Field values, reason phrases, chunk extensions and trailers: visible characters, obs-text,
// space and tab; no other control character (a lone CR or LF, a NUL).
bool is_field_char(unsigned char c) {
  return c == '\t' || (c >= 0x20 && c != 0x7f);
}

bool is_field_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_field_char(static_cast<unsigned char>(c)); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool version_of(std::string_view text, int& minor) {
  if (text.size() != 8 || !text.starts_with("HTTP/1.") || text[7] < '0' || text[7] > '9') {
    return false;
  }
  minor = text[7] - '0';
  return true;
}

bool content_length_of(std::string_view text, std::uint64_t& out) {
  if (text.empty() || text.size() > 18) {
    return false;
  }
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = v;
  return true;
}

// The last coding of a Transfer-Encoding list ("gzip, chunked" → "chunked").
std::string_view last_coding(std::string_view list) {
  std::string_view last;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim(list.substr(0, comma));
    if (!item.empty()) {
      last = item;
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return last;
}

// The field lines of a head, each ending in CRLF (the empty line that ends the head excluded).
bool parse_fields(std::string_view block, std::vector<header_field>& out) {
  out.clear();
  while (!block.empty()) {
    auto eol = block.find(crlf);
    auto line = block.substr(0, eol);
    block.remove_prefix(eol + crlf.size());
    auto colon = line.find(':');
    // A name with white space in or before it (obs-fold included) is refused, as RFC 9112 asks.
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return false;
    }
    auto value = trim(line.substr(colon + 1));
    if (!is_field_text(value)) {
      return false;
    }
    out.push_back({line.substr(0, colon), value});
  }
  return true;
}

// What the fields say of the body and the connection, common to requests and responses.
struct field_summary {
  bool has_length = false;
  std::uint64_t length = 0;
  bool has_encoding = false;
  bool chunked = false;
  bool close = false;
  bool keep_alive = false;
  bool expects_continue = false;
  std::string_view host;
};

bool summarize(const std::vector<header_field>& fields, field_summary& s) {
  for (const auto& f : fields) {
    if (iequals_ascii(f.name, "content-length")) {
      std::uint64_t n = 0;
      if (!content_length_of(f.value, n) || (s.has_length && n != s.length)) {
        return false;
      }
      s.has_length = true;
      s.length = n;
    } else if (iequals_ascii(f.name, "transfer-encoding")) {
      s.has_encoding = true;
      s.chunked = iequals_ascii(last_coding(f.value), "chunked");
    } else if (iequals_ascii(f.name, "connection")) {
      s.close = s.close || has_token(f.value, "close");
      s.keep_alive = s.keep_alive || has_token(f.value, "keep-alive");
    } else if (iequals_ascii(f.name, "expect")) {
      s.expects_continue = iequals_ascii(f.value, "100-continue");
    } else if (s.host.empty() && iequals_ascii(f.name, "host")) {
      s.host = f.value;
    }
  }
  return true;
}

// The head's end: the index just past its empty line, or npos.
std::size_t head_end(std::string_view data) {
  auto at = data.find("\r\n\r\n");
  return at == std::string_view::npos ? at : at + 4;
}

}  // namespace

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    auto comma = list.find(',');
    if (iequals_ascii(trim(list.substr(0, comma)), token)) {
      return true;
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return false;
}

parse_status parse_request_head(std::string_view data, request_head& out) {
  // A server should ignore empty lines before a request line (RFC 9112 section 2.2).
  std::size_t skipped = 0;
  while (data.substr(skipped).starts_with(crlf)) {
    skipped += crlf.size();
  }
  auto rest = data.substr(skipped);
  auto end = head_end(rest);
  if (end == std::string_view::npos) {
    // Refused early: what can never become a request line.
    auto first = rest.substr(0, rest.find(' '));
    if (!first.empty() && rest.find(' ') != std::string_view::npos && !is_token(first)) {
      return parse_status::bad;
    }
    return parse_status::partial;
  }
  auto head = rest.substr(0, end - 2);  // each line with its CRLF
  auto eol = head.find(crlf);
  auto line = head.substr(0, eol);
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) {
    return parse_status::bad;
  }
  out.method = line.substr(0, sp1);
  out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (!is_token(out.method) || out.target.empty() ||
      !std::all_of(out.target.begin(), out.target.end(),
                   [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; }) ||
      !version_of(line.substr(sp2 + 1), out.minor)) {
    return parse_status::bad;
  }
  if (!parse_fields(head.substr(eol + crlf.size()), out.fields)) {
    return parse_status::bad;
  }
  field_summary s;
  if (!summarize(out.fields, s)) {
    return parse_status::bad;
  }
  // A request with both, or with an encoding whose last coding is not chunked, has no length
  // a server can trust (RFC 9112 section 6.3): refused rather than guessed.
  if (s.has_encoding && (!s.chunked || s.has_length)) {
    return parse_status::bad;
  }
  out.body = s.chunked      ? body_framing{body_framing::kind::chunked, 0}
             : s.has_length ? body_framing{s.length > 0 ? body_framing::kind::length
                                                        : body_framing::kind::none,
                                           s.length}
                            : body_framing{};
  out.keep_alive = out.minor >= 1 ? !s.close : (s.keep_alive && !s.close);
  out.expects_continue = s.expects_continue && out.minor >= 1;
  out.host = s.host;
  out.size = skipped + end;
  return parse_status::complete;
}

parse_status parse_response_head(std::string_view data, bool to_head, response_head& out) {
  auto end = head_end(data);
  if (end == std::string_view::npos) {
    return data.size() >= 5 && !data.starts_with("HTTP/") ? parse_status::bad
                                                          : parse_status::partial;
  }
  auto head = data.substr(0, end - 2);
  auto eol = head.find(crlf);
  auto line = head.substr(0, eol);
  // HTTP/1.1 200 OK; the reason may be empty, and some servers leave out the space before it.
  if (line.size() < 12 || !version_of(line.substr(0, 8), out.minor) || line[8] != ' ') {
    return parse_status::bad;
  }
  auto code = line.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      code[0] == '0' || (line.size() > 12 && line[12] != ' ')) {
    return parse_status::bad;
  }
  out.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  out.reason = line.size() > 13 ? line.substr(13) : std::string_view();
  if (!is_field_text(out.reason) || !parse_fields(head.substr(eol + crlf.size()), out.fields)) {
    return parse_status::bad;
  }
  field_summary s;
  if (!summarize(out.fields, s)) {
    return parse_status::bad;
  }
  using kind = body_framing::kind;
  if (to_head || out.status < 200 || out.status == 204 || out.status == 304) {
    out.body = {};
  } else if (s.has_encoding) {
    out.body = {s.chunked ? kind::chunked : kind::until_close, 0};
  } else if (s.has_length) {
    out.body = {s.length > 0 ? kind::length : kind::none, s.length};
  } else {
    out.body = {kind::until_close, 0};
  }
  out.keep_alive = out.minor >= 1 ? !s.close : (s.keep_alive && !s.close);
  out.size = end;
  return parse_status::complete;
}

std::size_t chunk_scanner::feed(std::string_view data) {
  // A size or trailer line longer than this is no honest chunked body.
  constexpr std::size_t line_limit = 64 * 1024;
  std::size_t i = 0;
  while (i < data.size() && state_ != state::done && state_ != state::bad) {
    auto c = static_cast<unsigned char>(data[i]);
    switch (state_) {
      case state::size:
        if (int v = hex_digit_value(static_cast<char>(c)); v >= 0) {
          if (++digits_ > 15) {
            state_ = state::bad;
            break;
          }
          remaining_ = remaining_ * 16 + static_cast<std::uint64_t>(v);
          ++i;
        } else if (digits_ > 0 && c == '\r') {
          state_ = state::size_lf;
          ++i;
        } else if (digits_ > 0 && (c == ';' || c == ' ' || c == '\t')) {
          state_ = state::extension;
          line_ = 0;
          ++i;
        } else {
          state_ = state::bad;
        }
        break;
      case state::extension:
        if (c == '\r') {
          state_ = state::size_lf;
        } else if (!is_field_char(c) || ++line_ > line_limit) {
          state_ = state::bad;
          break;
        }
        ++i;
        break;
      case state::size_lf:
        if (c != '\n') {
          state_ = state::bad;
          break;
        }
        ++i;
        digits_ = 0;
        state_ = remaining_ == 0 ? state::trailer_start : state::data;
        break;
      case state::data: {
        auto n = std::min<std::uint64_t>(remaining_, data.size() - i);
        i += static_cast<std::size_t>(n);
        remaining_ -= n;
        if (remaining_ == 0) {
          state_ = state::data_cr;
        }
        break;
      }
      case state::data_cr:
        state_ = c == '\r' ? state::data_lf : state::bad;
        i += c == '\r' ? 1 : 0;
        break;
      case state::data_lf:
        state_ = c == '\n' ? state::size : state::bad;
        i += c == '\n' ? 1 : 0;
        break;
      case state::trailer_start:
        if (c == '\r') {
          state_ = state::last_lf;
          ++i;
        } else {
          state_ = state::trailer;
          line_ = 0;
        }
        break;
      case state::trailer:
        if (c == '\r') {
          state_ = state::trailer_lf;
        } else if (!is_field_char(c) || ++line_ > line_limit) {
          state_ = state::bad;
          break;
        }
        ++i;
        break;
      case state::trailer_lf:
        state_ = c == '\n' ? state::trailer_start : state::bad;
        i += c == '\n' ? 1 : 0;
        break;
      case state::last_lf:
        state_ = c == '\n' ? state::done : state::bad;
        i += c == '\n' ? 1 : 0;
        break;
      case state::done:
      case state::bad:
        break;
    }
  }
  return i;
}

}  // namespace minecs::lb
