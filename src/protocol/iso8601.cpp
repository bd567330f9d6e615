// ISO 8601 timestamps in UTC through C++20's calendar types.
#include "iso8601.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace minecs::protocol {

namespace {

// Reads `digits` decimal digits at text[at], advancing `at`; -1 when they are not all digits.
int read_number(std::string_view text, std::size_t& at, std::size_t digits) {
  if (at + digits > text.size()) {
    return -1;
  }
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    char c = text[at + i];
    if (c < '0' || c > '9') {
      return -1;
    }
    value = value * 10 + (c - '0');
  }
  at += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& at, char c) {
  if (at < text.size() && text[at] == c) {
    ++at;
    return true;
  }
  return false;
}

// The seconds east of UTC of a trailing Z, +HH:MM, +HHMM (or -); nullopt for anything else.
std::optional<int> read_offset(std::string_view text, std::size_t at) {
  if (text.substr(at) == "Z" || text.substr(at) == "z") {
    return 0;
  }
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) {
    return std::nullopt;
  }
  int sign = text[at] == '-' ? -1 : 1;
  ++at;
  int hours = read_number(text, at, 2);
  expect(text, at, ':');
  int minutes = read_number(text, at, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || at != text.size()) {
    return std::nullopt;
  }
  return sign * (hours * 3600 + minutes * 60);
}

}  // namespace

std::string format_iso8601(double epoch_seconds) {
  using namespace std::chrono;
  auto millis = static_cast<long long>(std::llround(epoch_seconds * 1000.0));
  sys_time<milliseconds> t{milliseconds{millis}};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> time{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return buf;
}

std::optional<double> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  std::size_t at = 0;
  int y = read_number(text, at, 4);
  bool ok = y >= 0 && expect(text, at, '-');
  int mo = read_number(text, at, 2);
  ok = ok && mo >= 0 && expect(text, at, '-');
  int d = read_number(text, at, 2);
  ok = ok && d >= 0 && (expect(text, at, 'T') || expect(text, at, 't'));
  int h = read_number(text, at, 2);
  ok = ok && h >= 0 && expect(text, at, ':');
  int mi = read_number(text, at, 2);
  ok = ok && mi >= 0 && expect(text, at, ':');
  int s = read_number(text, at, 2);
  if (!ok || s < 0 || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  double fraction = 0;
  if (expect(text, at, '.')) {
    std::size_t first = at;
    long long digits = 0;
    double scale = 1;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (at - first < 9) {
        digits = digits * 10 + (text[at] - '0');
        scale *= 10;
      }
      ++at;
    }
    if (at == first) {
      return std::nullopt;
    }
    fraction = static_cast<double>(digits) / scale;
  }
  auto offset = read_offset(text, at);
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!offset || !ymd.ok()) {
    return std::nullopt;
  }
  auto seconds_of_day = h * 3600 + mi * 60 + s - *offset;
  auto since_epoch = sys_days{ymd}.time_since_epoch();
  return static_cast<double>(duration_cast<seconds>(since_epoch).count() + seconds_of_day) +
         fraction;
}

}  // namespace minecs::protocol
