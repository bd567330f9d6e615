#pragma once
// The schedules of Application Auto Scaling's scheduled actions: at(yyyy-mm-ddThh:mm:ss),
// rate(value unit) and cron(minutes hours day-of-month month day-of-week year), read in a time
// zone. Pure: the caller gives the instants.
#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "minecs/core/time_zone.hpp"

namespace minecs {

struct at_schedule {
  double local = 0;  // the wall-clock time, as seconds since the epoch of that wall clock
};

struct rate_schedule {
  long seconds = 0;  // one run every this many seconds from the anchor (StartTime or creation)
};

struct cron_schedule {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;     // 1..31
  std::bitset<13> months;   // 1..12
  std::bitset<8> weekdays;  // 1..7, SUN..SAT as AWS numbers them
  bool any_day = true;      // day-of-month is * or ?
  bool any_weekday = true;  // day-of-week is * or ?
  bool last_day = false;    // day-of-month L
  int year_from = 1970, year_to = 2199;
};

using schedule_expression = std::variant<at_schedule, rate_schedule, cron_schedule>;

// The schedule, or the reason it is not one (a ValidationException's text).
std::variant<schedule_expression, std::string> parse_schedule(std::string_view text);

// The first run strictly after UTC instant `after`, in zone `tz`; `anchor` is where rate()
// counts from. nullopt when there is none (an at() in the past, a cron whose years are over).
std::optional<double> next_run(const schedule_expression& s, double after, double anchor,
                               const time_zone& tz);

}  // namespace minecs
