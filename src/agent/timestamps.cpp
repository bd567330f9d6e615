#include "timestamps.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace minecs::agent {

namespace {

std::string format(double epoch_seconds, bool fraction) {
  auto whole = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (fraction) {
    auto nanos =
        static_cast<long>(std::llround((epoch_seconds - static_cast<double>(whole)) * 1e9));
    nanos = std::min(nanos, 999999999L);
    std::snprintf(buf, sizeof buf, ".%09ld", nanos);
    out += buf;
  }
  return out + "Z";
}

}  // namespace

std::string iso_seconds(double epoch_seconds) {
  return format(epoch_seconds, false);
}

std::string iso_nanos(double epoch_seconds) {
  return format(epoch_seconds, true);
}

}  // namespace minecs::agent
