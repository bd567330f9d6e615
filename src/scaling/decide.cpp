#include "minecs/scaling/decide.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>

namespace minecs::scaling {

namespace {

double number_or_zero(const std::string& s) {
  try {
    return s.empty() ? 0.0 : std::stod(s);
  } catch (const std::exception&) {
    return 0.0;
  }
}

double at_path(const json& j, std::initializer_list<const char*> path) {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) {
      return 0;
    }
    at = &(*at)[key];
  }
  return at->is_number() ? at->get<double>() : 0;
}

}  // namespace

reservation reservation_of(const std::string& task_cpu, const std::string& task_memory,
                           const std::vector<std::string>& container_cpu,
                           const std::vector<std::string>& container_memory,
                           const std::vector<std::string>& container_memory_reservation) {
  reservation r;
  r.cpu_units = number_or_zero(task_cpu);
  if (r.cpu_units <= 0) {
    for (const auto& c : container_cpu) {
      r.cpu_units += number_or_zero(c);
    }
  }
  if (r.cpu_units <= 0) {
    r.cpu_units = 1024;
  }
  r.memory_mib = number_or_zero(task_memory);
  if (r.memory_mib <= 0) {
    for (std::size_t i = 0; i < container_memory.size(); ++i) {
      double hard = number_or_zero(container_memory[i]);
      double soft = i < container_memory_reservation.size()
                        ? number_or_zero(container_memory_reservation[i])
                        : 0.0;
      r.memory_mib += soft > 0 ? soft : hard;
    }
  }
  return r;
}

container_reading read_stats(const json& stats) {
  container_reading r;
  if (!stats.is_object() || !stats.contains("cpu_stats")) {
    return r;
  }
  r.cpu_ns = at_path(stats, {"cpu_stats", "cpu_usage", "total_usage"});
  double usage = at_path(stats, {"memory_stats", "usage"});
  double cache = at_path(stats, {"memory_stats", "stats", "inactive_file"});
  if (cache == 0) {
    cache = at_path(stats, {"memory_stats", "stats", "cache"});
  }
  r.memory_bytes = std::max(0.0, usage - cache);
  if (stats.contains("read") && stats["read"].is_string()) {
    r.read_at = std::max(0.0, rfc3339_seconds(stats["read"].get<std::string>()).value_or(0));
  }
  r.ok = true;
  return r;
}

std::optional<double> rfc3339_seconds(std::string_view text) {
  auto number = [&](std::size_t at, std::size_t digits, int& out) {
    if (at + digits > text.size()) {
      return false;
    }
    const char* end = text.data() + at + digits;
    auto [ptr, ec] = std::from_chars(text.data() + at, end, out);
    return ec == std::errc{} && ptr == end;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':' ||
      !number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day) || !number(11, 2, hour) ||
      !number(14, 2, minute) || !number(17, 2, second)) {
    return std::nullopt;
  }
  std::size_t at = 19;
  double fraction = 0;
  if (text[at] == '.') {
    double scale = 0.1;
    for (++at; at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0; ++at) {
      fraction += (text[at] - '0') * scale;
      scale /= 10;
    }
  }
  int offset = 0;
  int offset_hours = 0, offset_minutes = 0;
  if (at + 1 == text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    offset = 0;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':' &&
             number(at + 1, 2, offset_hours) && number(at + 4, 2, offset_minutes)) {
    offset = (text[at] == '-' ? -1 : 1) * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year{year},
                                   std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  auto days = std::chrono::sys_days{date}.time_since_epoch().count();
  return static_cast<double>(days) * 86400 + hour * 3600 + minute * 60 + second + fraction - offset;
}

double seconds_between(const cpu_sample& before, const cpu_sample& after) {
  if (before.read_at > 0 && after.read_at > 0) {
    return after.read_at - before.read_at;
  }
  return after.pass_at - before.pass_at;
}

double cpu_percent(double cpu_ns, double seconds, const reservation& r) {
  if (seconds <= 0 || r.cpu_units <= 0) {
    return 0;
  }
  double units_used = cpu_ns / 1e9 / seconds * 1024;
  return units_used * 100 / r.cpu_units;
}

double memory_percent(double memory_bytes, const reservation& r) {
  if (r.memory_mib <= 0) {
    return 0;
  }
  return memory_bytes / (1024.0 * 1024.0) * 100 / r.memory_mib;
}

tracking_decision decide_tracking(const tracking_input& in) {
  tracking_decision out;
  out.desired = in.capacity;
  if (in.datapoints.empty() || in.target <= 0) {
    return out;
  }
  out.metric = in.datapoints.back();
  auto last = [&](int n) {
    if (n <= 0 || in.datapoints.size() < static_cast<std::size_t>(n)) {
      return std::vector<double>{};
    }
    return std::vector<double>(in.datapoints.end() - n, in.datapoints.end());
  };
  auto wanted = static_cast<long>(
      std::ceil(static_cast<double>(std::max(in.capacity, 1L)) * out.metric / in.target));
  wanted = std::clamp(wanted, in.min_capacity, std::max(in.min_capacity, in.max_capacity));
  auto high = last(in.out_periods);
  bool alarm_high = !high.empty() &&
                    std::all_of(high.begin(), high.end(), [&](double v) { return v > in.target; });
  auto low = last(in.in_periods);
  bool alarm_low = !low.empty() && std::all_of(low.begin(), low.end(),
                                               [&](double v) { return v < in.target * 0.9; });
  if (alarm_high && wanted > in.capacity && !in.scale_out_suspended &&
      in.now - in.last_scale_out_at >= in.scale_out_cooldown) {
    out.way = direction::out;
    out.desired = wanted;
  } else if (alarm_low && wanted < in.capacity && !in.disable_scale_in && !in.scale_in_suspended &&
             in.now - std::max(in.last_scale_in_at, in.last_scale_out_at) >= in.scale_in_cooldown) {
    out.way = direction::in;
    out.desired = wanted;
  }
  return out;
}

tracking_decision combine(const std::vector<tracking_decision>& decisions) {
  tracking_decision out;
  bool all_in = !decisions.empty();
  for (const auto& d : decisions) {
    if (d.way == direction::out && (out.way != direction::out || d.desired > out.desired)) {
      out = d;
    }
    all_in = all_in && d.way == direction::in;
  }
  if (out.way == direction::out || !all_in) {
    return out;
  }
  out = decisions.front();
  for (const auto& d : decisions) {
    out.desired = std::max(out.desired, d.desired);
  }
  return out;
}

capacity_change apply_scheduled(long min_capacity, long max_capacity, long desired,
                                std::optional<long> new_min, std::optional<long> new_max) {
  capacity_change c{new_min.value_or(min_capacity), new_max.value_or(max_capacity), desired};
  // A new min above the old max (or the reverse) moves the other bound with it.
  if (!new_max && c.min_capacity > c.max_capacity) {
    c.max_capacity = c.min_capacity;
  }
  if (!new_min && c.max_capacity < c.min_capacity) {
    c.min_capacity = c.max_capacity;
  }
  c.desired = std::clamp(desired, c.min_capacity, std::max(c.min_capacity, c.max_capacity));
  return c;
}

std::string desired_count_description(long desired) {
  return "Setting desired count to " + std::to_string(desired) + ".";
}

std::string alarm_cause(const std::string& alarm_name, const std::string& policy_name) {
  return "monitor alarm " + alarm_name + " in state ALARM triggered policy " + policy_name;
}

std::string scheduled_description(std::optional<long> min, std::optional<long> max) {
  std::string out = "Setting ";
  if (min) {
    out += "min capacity to " + std::to_string(*min);
  }
  if (min && max) {
    out += " and ";
  }
  if (max) {
    out += "max capacity to " + std::to_string(*max);
  }
  return out;
}

std::string scheduled_cause(const std::string& action_name) {
  return "scheduled action name " + action_name + " was triggered";
}

std::string success_message(long desired) {
  return "Successfully set desired count to " + std::to_string(desired) +
         ". Change successfully fulfilled by ecs.";
}

}  // namespace minecs::scaling
