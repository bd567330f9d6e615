// Timestamps between epoch seconds and the ISO 8601 of the XML protocols.
#include "iso8601.hpp"

#include <gtest/gtest.h>

namespace minecs::protocol {
namespace {

TEST(Iso8601, Formats) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1704164645.25), "2024-01-02T03:04:05.250Z");
  EXPECT_EQ(format_iso8601(951782400), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(format_iso8601(1.0005), "1970-01-01T00:00:01.001Z");
}

TEST(Iso8601, Parses) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(parse_iso8601("2024-01-02T03:04:05Z"), 1704164645.0);
  EXPECT_EQ(parse_iso8601("2024-01-02T03:04:05.123456Z"), 1704164645.123456);
  EXPECT_EQ(parse_iso8601("2024-01-02T03:04:05.5+01:00"), 1704164645.5 - 3600);
  EXPECT_EQ(parse_iso8601("2024-01-02T03:04:05-0130"), 1704164645.0 + 5400);
  EXPECT_EQ(parse_iso8601("2000-02-29T00:00:00z"), 951782400.0);
  EXPECT_EQ(parse_iso8601(format_iso8601(1704164645.25)), 1704164645.25);
}

TEST(Iso8601, RefusesWhatIsNotATimestamp) {
  for (const char* text :
       {"", "2024-01-02", "2024-01-02T03:04:05", "2024-01-02 03:04:05Z", "2024-13-01T00:00:00Z",
        "2023-02-29T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:60:00Z",
        "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05Zjunk", "2024-01-02T03:04:05+25:00",
        "yesterday", "1704164645", "2024-1-02T03:04:05Z"}) {
    EXPECT_FALSE(parse_iso8601(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace minecs::protocol
