#include "minecs/lb/health.hpp"

#include <charconv>

namespace minecs::lb {

namespace {

std::optional<int> code_of(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<code_ranges> parse_matcher(std::string_view text) {
  code_ranges out;
  while (true) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    auto dash = item.find('-');
    auto low = code_of(item.substr(0, dash));
    auto high = dash == std::string_view::npos ? low : code_of(item.substr(dash + 1));
    if (!low || !high || *low > *high) {
      return std::nullopt;
    }
    out.emplace_back(*low, *high);
    if (comma == std::string_view::npos) {
      return out;
    }
    text = text.substr(comma + 1);
  }
}

bool matcher_accepts(const code_ranges& ranges, int status) {
  for (const auto& [low, high] : ranges) {
    if (status >= low && status <= high) {
      return true;
    }
  }
  return false;
}

probe_result probe_passed() {
  return {true, {}, {}};
}

probe_result probe_code_mismatch(int status) {
  return {false, "Target.ResponseCodeMismatch",
          "Health checks failed with these codes: [" + std::to_string(status) + "]"};
}

probe_result probe_timed_out() {
  return {false, "Target.Timeout", "Request timed out"};
}

probe_result probe_failed() {
  return {false, "Target.FailedHealthChecks", "Health checks failed"};
}

std::optional<health_verdict> health_tracker::record(const probe_result& result,
                                                     int healthy_threshold,
                                                     int unhealthy_threshold) {
  if (result.passed) {
    failures_ = 0;
    ++passes_;
    if (state_ != "healthy" && passes_ >= healthy_threshold) {
      state_ = "healthy";
      return health_verdict{state_, {}, {}};
    }
    return std::nullopt;
  }
  passes_ = 0;
  ++failures_;
  if (state_ != "unhealthy" && failures_ >= unhealthy_threshold) {
    state_ = "unhealthy";
    return health_verdict{state_, result.reason, result.description};
  }
  return std::nullopt;
}

int health_check_port(const store::elbv2_health_check& check, const store::elbv2_target& target) {
  if (check.port.empty() || check.port == "traffic-port") {
    return target.port;
  }
  return code_of(check.port).value_or(target.port);
}

}  // namespace minecs::lb
