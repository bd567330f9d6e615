#include "minecs/core/schedule_expression.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <vector>

namespace minecs {

namespace {

std::optional<int> number(std::string_view s) {
  int v = 0;
  if (s.empty()) {
    return std::nullopt;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    auto at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) {
      return out;
    }
    start = at + 1;
  }
}

double days_since_epoch(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return static_cast<double>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count());
}

std::optional<double> parse_at(std::string_view t) {
  // yyyy-mm-ddThh:mm:ss
  if (t.size() != 19 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':') {
    return std::nullopt;
  }
  auto y = number(t.substr(0, 4));
  auto mo = number(t.substr(5, 2));
  auto d = number(t.substr(8, 2));
  auto h = number(t.substr(11, 2));
  auto mi = number(t.substr(14, 2));
  auto s = number(t.substr(17, 2));
  if (!y || !mo || !d || !h || !mi || !s || *mo < 1 || *mo > 12 || *d < 1 || *h > 23 || *mi > 59 ||
      *s > 59) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return days_since_epoch(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 86400 +
         *h * 3600 + *mi * 60 + *s;
}

std::optional<rate_schedule> parse_rate(std::string_view t) {
  auto parts = split(t, ' ');
  if (parts.size() != 2) {
    return std::nullopt;
  }
  auto n = number(parts[0]);
  if (!n || *n <= 0) {
    return std::nullopt;
  }
  static const std::array<std::pair<std::string_view, long>, 6> units = {{{"minute", 60},
                                                                          {"minutes", 60},
                                                                          {"hour", 3600},
                                                                          {"hours", 3600},
                                                                          {"day", 86400},
                                                                          {"days", 86400}}};
  for (const auto& [name, seconds] : units) {
    // AWS asks for the singular with 1 and the plural otherwise.
    if (parts[1] == name && ((*n == 1) == !name.ends_with('s'))) {
      return rate_schedule{*n * seconds};
    }
  }
  return std::nullopt;
}

std::optional<int> field_value(std::string_view s, const std::vector<std::string_view>& names,
                               int first_name_value) {
  if (auto n = number(s)) {
    return n;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (s.size() == 3 && std::toupper(static_cast<unsigned char>(s[0])) == names[i][0] &&
        std::toupper(static_cast<unsigned char>(s[1])) == names[i][1] &&
        std::toupper(static_cast<unsigned char>(s[2])) == names[i][2]) {
      return first_name_value + static_cast<int>(i);
    }
  }
  return std::nullopt;
}

// One cron field: *, a value, a range a-b, a step x/n or */n, lists of those.
template <std::size_t N>
bool parse_field(std::string_view s, int lo, int hi, std::bitset<N>& out,
                 const std::vector<std::string_view>& names = {}, int first_name_value = 0) {
  for (auto item : split(s, ',')) {
    int step = 1;
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
      auto n = number(item.substr(slash + 1));
      if (!n || *n <= 0) {
        return false;
      }
      step = *n;
      item = item.substr(0, slash);
    }
    int from = lo;
    int to = hi;
    if (item != "*") {
      auto dash = item.find('-');
      auto a = field_value(item.substr(0, dash), names, first_name_value);
      if (!a) {
        return false;
      }
      from = *a;
      to = step > 1 && dash == std::string_view::npos ? hi : *a;
      if (dash != std::string_view::npos) {
        auto b = field_value(item.substr(dash + 1), names, first_name_value);
        if (!b) {
          return false;
        }
        to = *b;
      }
    }
    if (from < lo || to > hi || from > to) {
      return false;
    }
    for (int v = from; v <= to; v += step) {
      out.set(static_cast<std::size_t>(v));
    }
  }
  return true;
}

std::optional<cron_schedule> parse_cron(std::string_view t) {
  std::vector<std::string_view> f;
  for (auto p : split(t, ' ')) {
    if (!p.empty()) {
      f.push_back(p);
    }
  }
  if (f.size() != 6) {
    return std::nullopt;
  }
  cron_schedule c;
  static const std::vector<std::string_view> months = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  static const std::vector<std::string_view> weekdays = {"SUN", "MON", "TUE", "WED",
                                                         "THU", "FRI", "SAT"};
  if (!parse_field(f[0], 0, 59, c.minutes) || !parse_field(f[1], 0, 23, c.hours) ||
      !parse_field(f[3], 1, 12, c.months, months, 1)) {
    return std::nullopt;
  }
  c.any_day = f[2] == "*" || f[2] == "?";
  c.any_weekday = f[4] == "*" || f[4] == "?";
  // As in AWS cron, one of day-of-month and day-of-week must be '?'.
  if ((f[2] == "?") == (f[4] == "?")) {
    return std::nullopt;
  }
  if (f[2] == "L") {
    c.last_day = true;
    c.any_day = false;
  } else if (!c.any_day && !parse_field(f[2], 1, 31, c.days)) {
    return std::nullopt;
  }
  if (!c.any_weekday && !parse_field(f[4], 1, 7, c.weekdays, weekdays, 1)) {
    return std::nullopt;
  }
  if (f[5] != "*") {
    auto dash = f[5].find('-');
    auto a = number(f[5].substr(0, dash));
    auto b = dash == std::string_view::npos ? a : number(f[5].substr(dash + 1));
    if (!a || !b || *a < 1970 || *b > 2199 || *a > *b) {
      return std::nullopt;
    }
    c.year_from = *a;
    c.year_to = *b;
  }
  return c;
}

bool day_matches(const cron_schedule& c, const std::chrono::year_month_day& ymd) {
  using namespace std::chrono;
  int y = static_cast<int>(ymd.year());
  auto m = static_cast<unsigned>(ymd.month());
  auto d = static_cast<unsigned>(ymd.day());
  if (y < c.year_from || y > c.year_to || !c.months.test(m)) {
    return false;
  }
  if (c.last_day) {
    return ymd.year() / ymd.month() / last == ymd;
  }
  if (!c.any_day) {
    return c.days.test(d);
  }
  if (!c.any_weekday) {
    weekday wd{sys_days{ymd}};
    return c.weekdays.test(wd.c_encoding() + 1);
  }
  return true;
}

std::optional<double> next_cron(const cron_schedule& c, double after, const time_zone& tz) {
  using namespace std::chrono;
  // Walk local days, and in a matching day its hours and minutes, from the minute after `after`.
  double local_after = tz.local_of_utc(after);
  auto first_minute = static_cast<long long>(std::floor(local_after / 60)) + 1;
  auto day0 = first_minute / 1440;
  for (long long dn = day0; dn < day0 + 366LL * 6; ++dn) {
    year_month_day ymd{sys_days{days{dn}}};
    if (static_cast<int>(ymd.year()) > c.year_to) {
      return std::nullopt;
    }
    if (!day_matches(c, ymd)) {
      continue;
    }
    for (int h = 0; h < 24; ++h) {
      if (!c.hours.test(static_cast<std::size_t>(h))) {
        continue;
      }
      for (int m = 0; m < 60; ++m) {
        long long minute = dn * 1440 + h * 60 + m;
        if (minute < first_minute || !c.minutes.test(static_cast<std::size_t>(m))) {
          continue;
        }
        double utc = tz.utc_of_local(static_cast<double>(minute) * 60);
        if (utc > after) {
          return utc;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::variant<schedule_expression, std::string> parse_schedule(std::string_view text) {
  auto inner = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (text.starts_with(prefix) && text.ends_with(")")) {
      return text.substr(prefix.size(), text.size() - prefix.size() - 1);
    }
    return std::nullopt;
  };
  if (auto t = inner("at(")) {
    if (auto local = parse_at(*t)) {
      return schedule_expression{at_schedule{*local}};
    }
  } else if (auto r = inner("rate(")) {
    if (auto rate = parse_rate(*r)) {
      return schedule_expression{*rate};
    }
  } else if (auto c = inner("cron(")) {
    if (auto cron = parse_cron(*c)) {
      return schedule_expression{*cron};
    }
  }
  return std::string("Schedule expression is invalid: ") + std::string(text);
}

std::optional<double> next_run(const schedule_expression& s, double after, double anchor,
                               const time_zone& tz) {
  if (const auto* at = std::get_if<at_schedule>(&s)) {
    double utc = tz.utc_of_local(at->local);
    return utc > after ? std::optional<double>(utc) : std::nullopt;
  }
  if (const auto* rate = std::get_if<rate_schedule>(&s)) {
    auto period = static_cast<double>(rate->seconds);
    if (after < anchor) {
      return anchor + period;
    }
    return anchor + (std::floor((after - anchor) / period) + 1) * period;
  }
  return next_cron(std::get<cron_schedule>(s), after, tz);
}

}  // namespace minecs
