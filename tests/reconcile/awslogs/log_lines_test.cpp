#include <gtest/gtest.h>

#include "awslogs/log_lines.hpp"
#include "docker_timestamps.hpp"

namespace minecs::reconcile {
namespace {

using test_support::docker_ts;
using test_support::ts_ns;

using docker::log_stream;

constexpr std::int64_t base_ns = 1714566896123456789;  // 2024-05-01T12:34:56.123456789Z

TEST(LogLinesTest, ParsesDockerTimestamps) {
  EXPECT_EQ(parse_docker_timestamp("2024-05-01T12:34:56.123456789Z"), base_ns);
  EXPECT_EQ(parse_docker_timestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_docker_timestamp("2024-05-01T12:34:56.5Z"), 1714566896500000000);
  EXPECT_EQ(parse_docker_timestamp("2024-05-01T14:34:56.123456789+02:00"), base_ns);
  EXPECT_EQ(parse_docker_timestamp("2024-05-01T07:34:56.123456789-05:00"), base_ns);
  EXPECT_EQ(parse_docker_timestamp("2024-02-29T00:00:00Z"), 1709164800LL * 1000000000);
  for (auto bad : {"", "hello", "2024-05-01 12:34:56Z", "2024-13-01T00:00:00Z",
                   "2023-02-29T00:00:00Z", "2024-05-01T12:34:56", "2024-05-01T12:34:56.Z",
                   "2024-05-01T12:34:56Zjunk", "2024-05-01T25:00:00Z"}) {
    EXPECT_FALSE(parse_docker_timestamp(bad)) << bad;
  }
}

TEST(LogLinesTest, SinceIsSecondsWithNineDigits) {
  EXPECT_EQ(docker_since(base_ns), "1714566896.123456789");
  EXPECT_EQ(docker_since(1714566896000000005), "1714566896.000000005");
}

TEST(LogLinesTest, SplitsAtTheEventLimitOnCodePoints) {
  EXPECT_TRUE(split_event_message("").empty());
  EXPECT_EQ(split_event_message("hello"), std::vector<std::string>{"hello"});
  EXPECT_EQ(split_event_message("abcdefg", 3), (std::vector<std::string>{"abc", "def", "g"}));
  // "é" is two bytes: never cut in half.
  EXPECT_EQ(split_event_message("a\xC3\xA9\xC3\xA9", 2),
            (std::vector<std::string>{"a", "\xC3\xA9", "\xC3\xA9"}));
  std::string big(max_event_message_bytes + 10, 'x');
  auto pieces = split_event_message(big);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].size(), max_event_message_bytes);
  EXPECT_EQ(pieces[1].size(), 10u);
  EXPECT_EQ(max_event_message_bytes, 262118u);
}

TEST(LogLinesTest, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(split_event_message("a\xFF"
                                "b"),
            std::vector<std::string>{"a\xEF\xBF\xBD"
                                     "b"});
  // A truncated sequence, an overlong form and a surrogate.
  EXPECT_EQ(split_event_message("\xE2\x82"), std::vector<std::string>{"\xEF\xBF\xBD\xEF\xBF\xBD"});
  EXPECT_EQ(split_event_message("\xC0\xAF"), std::vector<std::string>{"\xEF\xBF\xBD\xEF\xBF\xBD"});
  EXPECT_EQ(split_event_message("\xED\xA0\x80"),
            std::vector<std::string>{"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"});
  EXPECT_EQ(split_event_message("\xF0\x9F\x98\x80"), std::vector<std::string>{"\xF0\x9F\x98\x80"});
}

TEST(LogLinesTest, CursorCountsMessagesOfOneInstant) {
  log_cursor c;
  c.advance(5);
  EXPECT_EQ(c, (log_cursor{5, 1}));
  c.advance(5);
  EXPECT_EQ(c, (log_cursor{5, 2}));
  c.advance(7);
  EXPECT_EQ(c, (log_cursor{7, 1}));
}

struct collected {
  std::vector<log_line> lines;
  log_line_assembler::emit_fn fn() {
    return [this](log_line&& l) { lines.push_back(std::move(l)); };
  }
};

TEST(LogLinesTest, OneFramePerLineWithTimestamps) {
  log_line_assembler a(false, {});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(1) + "hello\n", out.fn());
  a.feed(log_stream::stderr_stream, docker_ts(2) + "oops\n", out.fn());
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_EQ(out.lines[0].text, "hello");
  EXPECT_EQ(out.lines[0].ts_ns, ts_ns(1));
  EXPECT_EQ(out.lines[0].stream, log_stream::stdout_stream);
  EXPECT_EQ(out.lines[0].resume, (log_cursor{ts_ns(1), 1}));
  EXPECT_EQ(out.lines[1].text, "oops");
  EXPECT_EQ(out.lines[1].stream, log_stream::stderr_stream);
  EXPECT_EQ(out.lines[1].resume, (log_cursor{ts_ns(2), 1}));
}

TEST(LogLinesTest, EmptyLinesStillMoveTheCursor) {
  log_line_assembler a(false, {});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(1) + "\n", out.fn());
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0].text, "");
  EXPECT_EQ(out.lines[0].resume, (log_cursor{ts_ns(1), 1}));
}

TEST(LogLinesTest, PartialMessagesJoinIntoOneLine) {
  log_line_assembler a(false, {});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(1) + "first half,", out.fn());
  EXPECT_TRUE(out.lines.empty());
  a.feed(log_stream::stdout_stream, docker_ts(2) + " second half\n", out.fn());
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0].text, "first half, second half");
  EXPECT_EQ(out.lines[0].ts_ns, ts_ns(1));
  EXPECT_EQ(out.lines[0].resume, (log_cursor{ts_ns(2), 1}));
}

TEST(LogLinesTest, AnUnfinishedLineOfTheOtherStreamHoldsTheCursorBack) {
  log_line_assembler a(false, {});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(1) + "done\n", out.fn());
  a.feed(log_stream::stderr_stream, docker_ts(2) + "long...", out.fn());
  a.feed(log_stream::stdout_stream, docker_ts(3) + "next\n", out.fn());
  ASSERT_EQ(out.lines.size(), 2u);
  // Resuming after "next" would skip the start of the stderr line.
  EXPECT_EQ(out.lines[1].resume, (log_cursor{ts_ns(1), 1}));
  a.feed(log_stream::stderr_stream, docker_ts(4) + "end\n", out.fn());
  ASSERT_EQ(out.lines.size(), 3u);
  EXPECT_EQ(out.lines[2].text, "long...end");
  EXPECT_EQ(out.lines[2].resume, (log_cursor{ts_ns(4), 1}));
}

TEST(LogLinesTest, ResumingSkipsWhatTheCursorCovers) {
  // Three messages share one instant; two of them were stored before.
  log_line_assembler a(false, log_cursor{ts_ns(5), 2});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(4) + "old\n", out.fn());
  a.feed(log_stream::stdout_stream, docker_ts(5) + "a\n", out.fn());
  a.feed(log_stream::stderr_stream, docker_ts(5) + "b\n", out.fn());
  a.feed(log_stream::stdout_stream, docker_ts(5) + "c\n", out.fn());
  a.feed(log_stream::stdout_stream, docker_ts(6) + "d\n", out.fn());
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_EQ(out.lines[0].text, "c");
  EXPECT_EQ(out.lines[0].resume, (log_cursor{ts_ns(5), 3}));
  EXPECT_EQ(out.lines[1].text, "d");
}

TEST(LogLinesTest, TtyOutputIsCutAnywhere) {
  log_line_assembler a(true, {});
  collected out;
  std::string all = docker_ts(1) + "one\r\n" + docker_ts(2) + "two\n" + docker_ts(3) + "tail";
  for (char c : all) {
    a.feed(log_stream::stdout_stream, std::string_view(&c, 1), out.fn());
  }
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_EQ(out.lines[0].text, "one\r");
  EXPECT_EQ(out.lines[1].text, "two");
  EXPECT_EQ(out.lines[1].ts_ns, ts_ns(2));
  a.finish(out.fn());
  ASSERT_EQ(out.lines.size(), 3u);
  EXPECT_EQ(out.lines[2].text, "tail");
}

TEST(LogLinesTest, FinishEmitsAnUnterminatedLine) {
  log_line_assembler a(false, {});
  collected out;
  a.feed(log_stream::stderr_stream, docker_ts(1) + "no newline", out.fn());
  EXPECT_TRUE(out.lines.empty());
  a.finish(out.fn());
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0].text, "no newline");
  EXPECT_EQ(out.lines[0].stream, log_stream::stderr_stream);
}

TEST(LogLinesTest, ARereadSkipsWhatWasConsumedAndKeepsUnfinishedLines) {
  log_line_assembler a(false, {});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(1) + "one\n", out.fn());
  a.feed(log_stream::stderr_stream, docker_ts(1) + "hal", out.fn());
  EXPECT_EQ(a.position(), (log_cursor{ts_ns(1), 2}));
  a.reread();
  a.feed(log_stream::stdout_stream, docker_ts(1) + "one\n", out.fn());
  a.feed(log_stream::stderr_stream, docker_ts(1) + "hal", out.fn());
  a.feed(log_stream::stderr_stream, docker_ts(1) + "f\n", out.fn());
  a.feed(log_stream::stdout_stream, docker_ts(2) + "two\n", out.fn());
  ASSERT_EQ(out.lines.size(), 3u);
  EXPECT_EQ(out.lines[0].text, "one");
  EXPECT_EQ(out.lines[1].text, "half");
  EXPECT_EQ(out.lines[2].text, "two");
}

TEST(LogLinesTest, ARereadOfTtyOutputDropsTheBytesItRepeats) {
  log_line_assembler a(true, {});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(1) + "one\n" + docker_ts(2) + "ta", out.fn());
  a.reread();
  a.feed(log_stream::stdout_stream, docker_ts(1) + "one\n" + docker_ts(2) + "tail\n", out.fn());
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_EQ(out.lines[0].text, "one");
  EXPECT_EQ(out.lines[1].text, "tail");
}

TEST(LogLinesTest, SeveralLinesInOneFrame) {
  log_line_assembler a(false, {});
  collected out;
  a.feed(log_stream::stdout_stream, docker_ts(1) + "x\n" + docker_ts(2) + "y\n", out.fn());
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_EQ(out.lines[1].text, "y");
}

}  // namespace
}  // namespace minecs::reconcile
