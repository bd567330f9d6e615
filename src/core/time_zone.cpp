#include "minecs/core/time_zone.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace minecs {

namespace {

std::int64_t big_endian(const std::string& b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  }
  if (bytes == 4) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  }
  return static_cast<std::int64_t>(v);
}

struct header {
  std::size_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

std::optional<header> read_header(const std::string& b, std::size_t at) {
  if (b.size() < at + 44 || b.compare(at, 4, "TZif") != 0) {
    return std::nullopt;
  }
  auto n = [&](std::size_t i) {
    return static_cast<std::size_t>(big_endian(b, at + 20 + 4 * i, 4));
  };
  return header{n(0), n(1), n(2), n(3), n(4), n(5)};
}

std::size_t body_size(const header& h, int time_bytes) {
  auto t = static_cast<std::size_t>(time_bytes);
  return h.timecnt * t + h.timecnt + h.typecnt * 6 + h.charcnt + h.leapcnt * (t + 4) + h.isstdcnt +
         h.isutcnt;
}

}  // namespace

std::optional<time_zone> time_zone::parse(const std::string& b) {
  auto first = read_header(b, 0);
  if (!first) {
    return std::nullopt;
  }
  // Version 2+ files repeat the data with 64-bit times after the 32-bit block; use those.
  std::size_t at = 44;
  int time_bytes = 4;
  header h = *first;
  if (b[4] != '\0') {
    auto second = read_header(b, 44 + body_size(*first, 4));
    if (!second) {
      return std::nullopt;
    }
    at = 44 + body_size(*first, 4) + 44;
    time_bytes = 8;
    h = *second;
  }
  if (b.size() < at + body_size(h, time_bytes) || h.typecnt == 0) {
    return std::nullopt;
  }
  time_zone z;
  std::vector<std::size_t> type_of;
  for (std::size_t i = 0; i < h.timecnt; ++i) {
    z.transitions_.push_back(
        big_endian(b, at + i * static_cast<std::size_t>(time_bytes), time_bytes));
  }
  std::size_t idx_at = at + h.timecnt * static_cast<std::size_t>(time_bytes);
  std::size_t types_at = idx_at + h.timecnt;
  std::vector<long> type_offsets;
  for (std::size_t i = 0; i < h.typecnt; ++i) {
    type_offsets.push_back(static_cast<long>(big_endian(b, types_at + i * 6, 4)));
  }
  for (std::size_t i = 0; i < h.timecnt; ++i) {
    auto t = static_cast<unsigned char>(b[idx_at + i]);
    if (t >= h.typecnt) {
      return std::nullopt;
    }
    z.offsets_after_.push_back(type_offsets[t]);
  }
  z.initial_offset_ = type_offsets[0];
  return z;
}

std::optional<time_zone> time_zone::load(const std::string& name, const std::string& dir) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) {
    return std::nullopt;
  }
  if (name == "UTC" || name == "Etc/UTC") {
    return time_zone{};
  }
  std::ifstream in(dir + "/" + name, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return parse(bytes.str());
}

long time_zone::offset_at(double utc) const {
  // The files of Debian's tzdata list transitions until 2037; later instants keep the last
  // offset, which is the standard time of zones with daylight saving then.
  auto it =
      std::upper_bound(transitions_.begin(), transitions_.end(), static_cast<std::int64_t>(utc));
  if (it == transitions_.begin()) {
    return initial_offset_;
  }
  return offsets_after_[static_cast<std::size_t>(it - transitions_.begin() - 1)];
}

double time_zone::utc_of_local(double local) const {
  // Try the offsets in force around the time; the first that maps back to it wins.
  long early = offset_at(local - 86400);
  long late = offset_at(local + 86400);
  for (long off : {early, late}) {
    double utc = local - static_cast<double>(off);
    if (offset_at(utc) == off) {
      return utc;
    }
  }
  return local - static_cast<double>(early);
}

}  // namespace minecs
