#include "task_definitions/sizes.hpp"

#include <algorithm>
#include <cctype>

namespace minecs::ecs {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

// "1024" -> 1024; "2" with unit 1024 -> 2048; ".25" with unit 1024 -> 256. Fractions must land
// on a whole number of units, as ECS converts and stores integers.
std::optional<long long> parse_scaled(std::string_view number, long long unit) {
  number = trim(number);
  if (number.empty() || number.size() > 12) {
    return std::nullopt;
  }
  long long whole = 0;
  long long frac_num = 0;
  long long frac_den = 1;
  bool dot = false;
  bool digits = false;
  for (char c : number) {
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
    digits = true;
    if (dot) {
      frac_num = frac_num * 10 + (c - '0');
      frac_den *= 10;
    } else {
      whole = whole * 10 + (c - '0');
    }
  }
  if (!digits || (dot && unit == 1)) {
    return std::nullopt;
  }
  if ((frac_num * unit) % frac_den != 0) {
    return std::nullopt;
  }
  return whole * unit + frac_num * unit / frac_den;
}

std::optional<long long> parse_with_suffix(std::string_view text, std::string_view suffix,
                                           long long unit) {
  auto t = lower(trim(text));
  if (t.size() > suffix.size() && t.ends_with(suffix)) {
    return parse_scaled(std::string_view(t).substr(0, t.size() - suffix.size()), unit);
  }
  return parse_scaled(t, 1);
}

}  // namespace

std::optional<long long> parse_task_cpu(std::string_view text) {
  return parse_with_suffix(text, "vcpu", 1024);
}

std::optional<long long> parse_task_memory(std::string_view text) {
  return parse_with_suffix(text, "gb", 1024);
}

bool fargate_supports(long long cpu, long long memory) {
  auto in_steps = [memory](long long lo, long long hi, long long step) {
    return memory >= lo && memory <= hi && (memory - lo) % step == 0;
  };
  switch (cpu) {
    case 256:
      return memory == 512 || memory == 1024 || memory == 2048;
    case 512:
      return in_steps(1024, 4096, 1024);
    case 1024:
      return in_steps(2048, 8192, 1024);
    case 2048:
      return in_steps(4096, 16384, 1024);
    case 4096:
      return in_steps(8192, 30720, 1024);
    case 8192:
      return in_steps(16384, 61440, 4096);
    case 16384:
      return in_steps(32768, 122880, 8192);
    default:
      return false;
  }
}

std::string fargate_size_error(long long cpu, long long memory) {
  return "No Fargate configuration exists for given values: " + std::to_string(cpu) + " CPU, " +
         std::to_string(memory) + " memory. See the Amazon ECS documentation for the valid values.";
}

}  // namespace minecs::ecs
