#include "awslogs/log_lines.hpp"

#include <fmt/format.h>

#include <chrono>

#include "minecs/core/utf8.hpp"

namespace minecs::reconcile {

namespace {

constexpr std::int64_t ns_per_second = 1'000'000'000;

std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return std::nullopt;
    }
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

bool at(std::string_view text, std::size_t pos, char c) {
  return pos < text.size() && text[pos] == c;
}

}  // namespace

std::optional<std::int64_t> parse_docker_timestamp(std::string_view t) {
  auto year = digits(t, 0, 4);
  auto month = digits(t, 5, 2);
  auto day = digits(t, 8, 2);
  auto hour = digits(t, 11, 2);
  auto minute = digits(t, 14, 2);
  auto second = digits(t, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || !at(t, 4, '-') || !at(t, 7, '-') ||
      !at(t, 10, 'T') || !at(t, 13, ':') || !at(t, 16, ':') || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                     std::chrono::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t fraction = 0;
  if (at(t, pos, '.')) {
    ++pos;
    std::int64_t scale = ns_per_second;
    std::size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (scale > 1) {
        scale /= 10;
        fraction += (t[pos] - '0') * scale;
      }
      ++pos;
    }
    if (pos == start) {
      return std::nullopt;
    }
  }
  std::int64_t offset = 0;
  if (at(t, pos, 'Z') && pos + 1 == t.size()) {
    offset = 0;
  } else if ((at(t, pos, '+') || at(t, pos, '-')) && pos + 6 == t.size() && at(t, pos + 3, ':')) {
    auto oh = digits(t, pos + 1, 2);
    auto om = digits(t, pos + 4, 2);
    if (!oh || !om) {
      return std::nullopt;
    }
    offset = (*oh * 3600 + *om * 60) * (t[pos] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  std::int64_t days = sys_days(ymd).time_since_epoch().count();
  std::int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - offset;
  return seconds * ns_per_second + fraction;
}

std::string docker_since(std::int64_t ns) {
  return fmt::format("{}.{:09d}", ns / ns_per_second, ns % ns_per_second);
}

std::vector<std::string> split_event_message(std::string_view text, std::size_t max_bytes) {
  static constexpr std::string_view replacement = "\xEF\xBF\xBD";
  std::vector<std::string> out;
  std::string piece;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto len = utf8_sequence_at(text, pos);
    auto cp = len == 0 ? replacement : text.substr(pos, len);
    pos += len == 0 ? 1 : len;
    if (!piece.empty() && piece.size() + cp.size() > max_bytes) {
      out.push_back(std::move(piece));
      piece.clear();
    }
    piece.append(cp);
  }
  if (!piece.empty()) {
    out.push_back(std::move(piece));
  }
  return out;
}

void log_cursor::advance(std::int64_t ts) {
  if (ts == ts_ns) {
    ++count;
  } else {
    ts_ns = ts;
    count = 1;
  }
}

log_line_assembler::log_line_assembler(bool tty, log_cursor from)
    : tty_(tty), from_(from), passed_(from.ts_ns == 0 && from.count == 0), read_(from) {}

log_line_assembler::partial& log_line_assembler::of(docker::log_stream stream) {
  return stream == docker::log_stream::stderr_stream ? err_ : out_;
}

log_cursor log_line_assembler::safe_resume(docker::log_stream done) const {
  // A line of the other stream still being assembled began earlier: resuming after it would
  // lose its first parts, so resume before it (its completed neighbours may then repeat).
  const auto& other = done == docker::log_stream::stderr_stream ? out_ : err_;
  return other.active ? other.before : read_;
}

void log_line_assembler::message(docker::log_stream stream, std::string_view m, bool complete,
                                 const emit_fn& emit) {
  auto space = m.find(' ');
  std::optional<std::int64_t> ts;
  if (space != std::string_view::npos) {
    ts = parse_docker_timestamp(m.substr(0, space));
  }
  std::string_view text = m;
  if (ts) {
    text = m.substr(space + 1);
  } else {
    ts = read_.ts_ns;  // not Docker's shape: keep the text, and the cursor where it is
  }
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  if (!passed_) {
    if (*ts < from_.ts_ns || (*ts == from_.ts_ns && skipped_ < from_.count)) {
      skipped_ += *ts == from_.ts_ns ? 1 : 0;
      return;
    }
    passed_ = true;
  }
  auto before = read_;
  read_.advance(*ts);
  auto& p = of(stream);
  if (!p.active) {
    p.active = true;
    p.ts_ns = *ts;
    p.before = before;
    p.text.clear();
  }
  p.text.append(text);
  if (!complete) {
    return;
  }
  p.active = false;
  log_line line{stream, p.ts_ns, std::move(p.text), {}};
  p.text.clear();
  line.resume = safe_resume(stream);
  emit(std::move(line));
}

void log_line_assembler::feed(docker::log_stream stream, std::string_view payload,
                              const emit_fn& emit) {
  if (tty_) {
    auto& raw = of(stream).raw;
    raw.append(payload);
    std::size_t start = 0;
    for (auto nl = raw.find('\n'); nl != std::string::npos; nl = raw.find('\n', start)) {
      std::string m = raw.substr(start, nl + 1 - start);
      start = nl + 1;
      message(stream, m, true, emit);
    }
    raw.erase(0, start);
    return;
  }
  std::size_t start = 0;
  while (start < payload.size()) {
    auto nl = payload.find('\n', start);
    if (nl == std::string_view::npos) {
      message(stream, payload.substr(start), false, emit);
      return;
    }
    message(stream, payload.substr(start, nl + 1 - start), true, emit);
    start = nl + 1;
  }
}

void log_line_assembler::finish(const emit_fn& emit) {
  for (auto stream : {docker::log_stream::stdout_stream, docker::log_stream::stderr_stream}) {
    auto& p = of(stream);
    if (!p.raw.empty()) {
      std::string m = std::move(p.raw);
      p.raw.clear();
      message(stream, m, true, emit);
    }
  }
  for (auto stream : {docker::log_stream::stdout_stream, docker::log_stream::stderr_stream}) {
    auto& p = of(stream);
    if (p.active) {
      p.active = false;
      log_line line{stream, p.ts_ns, std::move(p.text), {}};
      p.text.clear();
      line.resume = safe_resume(stream);
      emit(std::move(line));
    }
  }
}

void log_line_assembler::reread() {
  from_ = read_;
  skipped_ = 0;
  passed_ = read_ == log_cursor{};
  // TTY bytes after the last newline belong to messages not counted yet: the new read repeats them.
  out_.raw.clear();
  err_.raw.clear();
}

}  // namespace minecs::reconcile
