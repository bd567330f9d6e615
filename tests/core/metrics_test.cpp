#include "minecs/core/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace minecs::metrics {
namespace {

TEST(MetricsText, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(escape_label_value("plain"), "plain");
  EXPECT_EQ(escape_label_value(R"(a\b)"), R"(a\\b)");
  EXPECT_EQ(escape_label_value(R"(say "hi")"), R"(say \"hi\")");
  EXPECT_EQ(escape_label_value("two\nlines"), R"(two\nlines)");
}

TEST(MetricsText, ValuesAreWrittenAsPrometheusReadsThem) {
  EXPECT_EQ(format_value(3), "3");
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(MetricsText, ACounterHasHelpTypeAndOneLinePerSeries) {
  counter c("x_total", "Things.", {"service", "status"});
  c.add({"ecs", "200"});
  c.add({"ecs", "200"}, 2);
  c.add({"lo\"gs", "400"});
  std::string out;
  c.render(out);
  EXPECT_EQ(out,
            "# HELP x_total Things.\n"
            "# TYPE x_total counter\n"
            "x_total{service=\"ecs\",status=\"200\"} 3\n"
            "x_total{service=\"lo\\\"gs\",status=\"400\"} 1\n");
  EXPECT_EQ(c.value({"ecs", "200"}), 3u);
  EXPECT_EQ(c.value({"ecs", "500"}), 0u);
}

TEST(MetricsText, ACounterWithoutLabelsShowsZeroBeforeItsFirstIncrement) {
  counter c("lines_total", "Lines.", {});
  std::string out;
  c.render(out);
  EXPECT_NE(out.find("\nlines_total 0\n"), std::string::npos);
  c.add({}, 5);
  out.clear();
  c.render(out);
  EXPECT_NE(out.find("\nlines_total 5\n"), std::string::npos);
}

TEST(MetricsText, AHistogramsBucketsAreCumulativeAndEndInInf) {
  histogram h("d_seconds", "Durations.", {"op"}, {0.1, 1});
  h.observe({"a"}, 0.05);
  h.observe({"a"}, 0.1);  // on the bound: le is "less than or equal"
  h.observe({"a"}, 0.5);
  h.observe({"a"}, 7);
  std::string out;
  h.render(out);
  EXPECT_EQ(out,
            "# HELP d_seconds Durations.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{op=\"a\",le=\"0.1\"} 2\n"
            "d_seconds_bucket{op=\"a\",le=\"1\"} 3\n"
            "d_seconds_bucket{op=\"a\",le=\"+Inf\"} 4\n"
            "d_seconds_sum{op=\"a\"} 7.65\n"
            "d_seconds_count{op=\"a\"} 4\n");
  EXPECT_EQ(h.count({"a"}), 4u);
}

TEST(MetricsText, AGaugeWithoutLabelsHasNoBraces) {
  std::string out;
  render_gauge(out, "depth", "Queue.", {}, {{{}, 4}});
  render_gauge(out, "info", "Build.", {"version"}, {{{"1.0"}, 1}});
  EXPECT_EQ(out,
            "# HELP depth Queue.\n# TYPE depth gauge\ndepth 4\n"
            "# HELP info Build.\n# TYPE info gauge\ninfo{version=\"1.0\"} 1\n");
}

TEST(MetricsText, CountsFromManyThreadsAreNotLost) {
  counter c("n_total", "N.", {"k"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        c.add({"x"});
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(c.value({"x"}), 4000u);
}

}  // namespace
}  // namespace minecs::metrics
