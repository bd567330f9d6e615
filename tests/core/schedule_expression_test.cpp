#include "minecs/core/schedule_expression.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "minecs/core/time_zone.hpp"

namespace minecs {
namespace {

// Seconds since the epoch of a UTC (or wall-clock) date and time.
double at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  using namespace std::chrono;
  auto days = sys_days{year{y} / month{mo} / day{d}}.time_since_epoch().count();
  return static_cast<double>(days) * 86400 + h * 3600 + mi * 60 + s;
}

schedule_expression parsed(const std::string& text) {
  auto p = parse_schedule(text);
  EXPECT_TRUE(std::holds_alternative<schedule_expression>(p)) << text;
  return std::get<schedule_expression>(p);
}

TEST(ScheduleExpression, RefusesWhatAwsRefuses) {
  for (const char* bad :
       {"at(2026-13-01T00:00:00)", "at(2026-02-30T00:00:00)", "at(2026-01-01 00:00:00)",
        "rate(0 minutes)", "rate(1 minutes)", "rate(5 minute)", "rate(5 weeks)",
        "cron(0 10 * * * *)", "cron(0 10 ? * ? *)", "cron(60 10 * * ? *)", "cron(0 10 * * ?)",
        "cron(0 24 * * ? *)", "cron(0 10 ? * 8 *)", "every day", ""}) {
    auto p = parse_schedule(bad);
    ASSERT_TRUE(std::holds_alternative<std::string>(p)) << bad;
    EXPECT_EQ(std::get<std::string>(p), std::string("Schedule expression is invalid: ") + bad);
  }
}

TEST(ScheduleExpression, AtRunsOnceAtItsTimeInItsZone) {
  auto s = parsed("at(2026-12-01T17:30:00)");
  time_zone utc;
  EXPECT_EQ(next_run(s, at(2026, 12, 1), 0, utc), at(2026, 12, 1, 17, 30));
  EXPECT_FALSE(next_run(s, at(2026, 12, 1, 17, 30), 0, utc));
  auto ny = time_zone::load("America/New_York");
  ASSERT_TRUE(ny);
  // 17:30 in New York in December is 22:30 UTC (EST, UTC-5); in July 21:30 (EDT, UTC-4).
  EXPECT_EQ(next_run(s, at(2026, 12, 1), 0, *ny), at(2026, 12, 1, 22, 30));
  EXPECT_EQ(next_run(parsed("at(2026-07-01T17:30:00)"), at(2026, 7, 1), 0, *ny),
            at(2026, 7, 1, 21, 30));
}

TEST(ScheduleExpression, RateCountsFromItsAnchor) {
  auto s = parsed("rate(5 minutes)");
  time_zone utc;
  double anchor = at(2026, 1, 1, 12);
  EXPECT_EQ(next_run(s, anchor - 100, anchor, utc), anchor + 300);
  EXPECT_EQ(next_run(s, anchor + 300, anchor, utc), anchor + 600);
  EXPECT_EQ(next_run(s, anchor + 301, anchor, utc), anchor + 600);
  EXPECT_EQ(next_run(parsed("rate(1 day)"), anchor, anchor, utc), anchor + 86400);
}

TEST(ScheduleExpression, CronFieldsAndWeekdays) {
  time_zone utc;
  // Weekdays at 08:15: 2026-12-04 is a Friday, so after Friday's run comes Monday 12-07.
  auto weekdays = parsed("cron(15 8 ? * MON-FRI *)");
  EXPECT_EQ(next_run(weekdays, at(2026, 12, 4, 8, 0), 0, utc), at(2026, 12, 4, 8, 15));
  EXPECT_EQ(next_run(weekdays, at(2026, 12, 4, 8, 15), 0, utc), at(2026, 12, 7, 8, 15));
  // AWS numbers days 1 (SUN) to 7 (SAT).
  EXPECT_EQ(next_run(parsed("cron(0 0 ? * 1 *)"), at(2026, 12, 1), 0, utc), at(2026, 12, 6));
  // Every 20 minutes, a list of hours, the last day of the month, a year range.
  auto steps = parsed("cron(*/20 9,17 * * ? *)");
  EXPECT_EQ(next_run(steps, at(2026, 12, 1, 9, 20), 0, utc), at(2026, 12, 1, 9, 40));
  EXPECT_EQ(next_run(steps, at(2026, 12, 1, 9, 40), 0, utc), at(2026, 12, 1, 17, 0));
  EXPECT_EQ(next_run(parsed("cron(0 12 L * ? *)"), at(2027, 2, 1), 0, utc), at(2027, 2, 28, 12));
  EXPECT_EQ(next_run(parsed("cron(0 0 1 JAN ? 2030-2031)"), at(2026, 12, 1), 0, utc),
            at(2030, 1, 1));
  EXPECT_FALSE(next_run(parsed("cron(0 0 1 1 ? 2025)"), at(2026, 1, 1), 0, utc));
}

TEST(ScheduleExpression, CronFollowsDaylightSavingInItsZone) {
  auto berlin = time_zone::load("Europe/Berlin");
  ASSERT_TRUE(berlin);
  auto s = parsed("cron(0 9 * * ? *)");
  // 09:00 in Berlin: 08:00 UTC in winter (CET), 07:00 UTC in summer (CEST); the clocks moved on
  // 2026-03-29.
  EXPECT_EQ(next_run(s, at(2026, 3, 28, 9), 0, *berlin), at(2026, 3, 29, 7));
  EXPECT_EQ(next_run(s, at(2026, 3, 27, 9), 0, *berlin), at(2026, 3, 28, 8));
}

TEST(TimeZone, UnknownNamesAndEscapesAreRefused) {
  EXPECT_FALSE(time_zone::load("Mars/Olympus_Mons"));
  EXPECT_FALSE(time_zone::load("../../etc/passwd"));
  EXPECT_FALSE(time_zone::load("/etc/passwd"));
  EXPECT_FALSE(time_zone::parse("not a zone file"));
  ASSERT_TRUE(time_zone::load("UTC"));
  EXPECT_EQ(time_zone::load("UTC")->offset_at(at(2026, 7, 1)), 0);
  auto tokyo = time_zone::load("Asia/Tokyo");
  ASSERT_TRUE(tokyo);
  EXPECT_EQ(tokyo->offset_at(at(2026, 7, 1)), 9 * 3600);
}

TEST(TimeZone, GapsAndOverlapsOfDaylightSaving) {
  auto ny = time_zone::load("America/New_York");
  ASSERT_TRUE(ny);
  // 2026-03-08 02:30 does not exist in New York: read with EST, it is 07:30 UTC.
  EXPECT_EQ(ny->utc_of_local(at(2026, 3, 8, 2, 30)), at(2026, 3, 8, 7, 30));
  // 2026-11-01 01:30 happens twice: the first, in EDT, is 05:30 UTC.
  EXPECT_EQ(ny->utc_of_local(at(2026, 11, 1, 1, 30)), at(2026, 11, 1, 5, 30));
}

}  // namespace
}  // namespace minecs
