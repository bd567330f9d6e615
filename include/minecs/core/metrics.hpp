#pragma once
#include <cstdint>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

// Prometheus instruments and their text exposition format (version 0.0.4). Each family keeps its
// series behind one mutex: an update is a map lookup on the label values, nothing more.
namespace minecs::metrics {

// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);

// A sample value: integers without a fraction, +Inf/-Inf/NaN spelled as Prometheus reads them.
std::string format_value(double value);

class counter {
 public:
  counter(std::string name, std::string help, std::vector<std::string> label_names);
  // `values` in the order of the label names.
  void add(std::initializer_list<std::string_view> values, std::uint64_t n = 1);
  std::uint64_t value(std::initializer_list<std::string_view> values) const;
  void render(std::string& out) const;

 private:
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::vector<std::string>, std::uint64_t>, std::less<>> series_;
};

class histogram {
 public:
  // `bounds`: the buckets' upper bounds, ascending; +Inf is added.
  histogram(std::string name, std::string help, std::vector<std::string> label_names,
            std::vector<double> bounds);
  void observe(std::initializer_list<std::string_view> values, double sample);
  std::uint64_t count(std::initializer_list<std::string_view> values) const;
  void render(std::string& out) const;

 private:
  struct series {
    std::vector<std::string> values;
    std::vector<std::uint64_t> buckets;  // per bucket, not yet cumulative
    double sum = 0;
    std::uint64_t count = 0;
  };
  std::string name_;
  std::string help_;
  std::vector<std::string> label_names_;
  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::map<std::string, series, std::less<>> series_;
};

// A gauge's samples are read when scraped (from the store, a queue), so a gauge is only rendered.
struct gauge_sample {
  std::vector<std::string> values;
  double value = 0;
};
void render_gauge(std::string& out, std::string_view name, std::string_view help,
                  const std::vector<std::string>& label_names,
                  const std::vector<gauge_sample>& samples);

// The process's instruments, updated where the work happens (router, Docker client, awslogs).
struct process_metrics {
  counter api_requests{"minecs_api_requests_total",
                       "API requests by service, operation and HTTP status.",
                       {"service", "operation", "status"}};
  histogram api_duration{
      "minecs_api_request_duration_seconds",
      "Time to answer an API request.",
      {"service", "operation"},
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}};
  histogram docker_duration{
      "minecs_docker_call_duration_seconds",
      "Docker Engine API calls by kind (the path's first segment) and method.",
      {"kind", "method"},
      {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}};
  counter awslogs_lines{"minecs_awslogs_lines_shipped_total",
                        "Container output lines stored as CloudWatch Logs events.",
                        {}};

  void render(std::string& out) const;
};

process_metrics& process();

}  // namespace minecs::metrics
