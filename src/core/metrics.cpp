#include "minecs/core/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace minecs::metrics {

namespace {

// The series key: the label values, each ended by a unit separator (0x1f).
std::string key_of(std::initializer_list<std::string_view> values) {
  std::string key;
  for (auto v : values) {
    key.append(v);
    key.push_back('\x1f');
  }
  return key;
}

void append_labels(std::string& out, const std::vector<std::string>& names,
                   const std::vector<std::string>& values, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) {
    return;
  }
  out.push_back('{');
  bool first = true;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (!first) {
      out.push_back(',');
    }
    first = false;
    out.append(names[i]).append("=\"").append(escape_label_value(values[i])).push_back('"');
  }
  if (!extra_name.empty()) {
    if (!first) {
      out.push_back(',');
    }
    out.append(extra_name).append("=\"").append(extra_value).push_back('"');
  }
  out.push_back('}');
}

void append_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type) {
  // HELP text escapes backslash and newline only.
  std::string escaped;
  for (char c : help) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped.push_back(c);
    }
  }
  out.append("# HELP ").append(name).append(" ").append(escaped).push_back('\n');
  out.append("# TYPE ").append(name).append(" ").append(type).push_back('\n');
}

std::vector<std::string> copy_values(std::initializer_list<std::string_view> values) {
  return {values.begin(), values.end()};
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

counter::counter(std::string name, std::string help, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}

void counter::add(std::initializer_list<std::string_view> values, std::uint64_t n) {
  auto key = key_of(values);
  std::lock_guard lock(mutex_);
  auto it = series_.find(key);
  if (it == series_.end()) {
    it = series_.emplace(std::move(key), std::make_pair(copy_values(values), 0)).first;
  }
  it->second.second += n;
}

std::uint64_t counter::value(std::initializer_list<std::string_view> values) const {
  auto key = key_of(values);
  std::lock_guard lock(mutex_);
  auto it = series_.find(key);
  return it == series_.end() ? 0 : it->second.second;
}

void counter::render(std::string& out) const {
  append_header(out, name_, help_, "counter");
  std::lock_guard lock(mutex_);
  // A counter without labels exists from the start, as Prometheus clients show it.
  if (label_names_.empty() && series_.empty()) {
    out.append(name_).append(" 0\n");
  }
  for (const auto& [key, s] : series_) {
    out.append(name_);
    append_labels(out, label_names_, s.first);
    out.append(" ").append(std::to_string(s.second)).push_back('\n');
  }
}

histogram::histogram(std::string name, std::string help, std::vector<std::string> label_names,
                     std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      bounds_(std::move(bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
}

void histogram::observe(std::initializer_list<std::string_view> values, double sample) {
  auto key = key_of(values);
  // The first bucket whose upper bound holds the sample; bounds_.size() is +Inf.
  auto bucket = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), sample) -
                                         bounds_.begin());
  std::lock_guard lock(mutex_);
  auto it = series_.find(key);
  if (it == series_.end()) {
    series s;
    s.values = copy_values(values);
    s.buckets.assign(bounds_.size() + 1, 0);
    it = series_.emplace(std::move(key), std::move(s)).first;
  }
  ++it->second.buckets[bucket];
  it->second.sum += sample;
  ++it->second.count;
}

std::uint64_t histogram::count(std::initializer_list<std::string_view> values) const {
  auto key = key_of(values);
  std::lock_guard lock(mutex_);
  auto it = series_.find(key);
  return it == series_.end() ? 0 : it->second.count;
}

void histogram::render(std::string& out) const {
  append_header(out, name_, help_, "histogram");
  std::lock_guard lock(mutex_);
  for (const auto& [key, s] : series_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
      cumulative += s.buckets[i];
      out.append(name_).append("_bucket");
      append_labels(out, label_names_, s.values, "le",
                    i < bounds_.size() ? format_value(bounds_[i]) : "+Inf");
      out.append(" ").append(std::to_string(cumulative)).push_back('\n');
    }
    out.append(name_).append("_sum");
    append_labels(out, label_names_, s.values);
    out.append(" ").append(format_value(s.sum)).push_back('\n');
    out.append(name_).append("_count");
    append_labels(out, label_names_, s.values);
    out.append(" ").append(std::to_string(s.count)).push_back('\n');
  }
}

void render_gauge(std::string& out, std::string_view name, std::string_view help,
                  const std::vector<std::string>& label_names,
                  const std::vector<gauge_sample>& samples) {
  append_header(out, name, help, "gauge");
  for (const auto& s : samples) {
    out.append(name);
    append_labels(out, label_names, s.values);
    out.append(" ").append(format_value(s.value)).push_back('\n');
  }
}

void process_metrics::render(std::string& out) const {
  api_requests.render(out);
  api_duration.render(out);
  docker_duration.render(out);
  awslogs_lines.render(out);
}

process_metrics& process() {
  static process_metrics instance;
  return instance;
}

}  // namespace minecs::metrics
