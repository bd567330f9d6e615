#pragma once
// IANA time zones from the host's zoneinfo files (TZif), for schedules that name a Timezone: the
// standard library of GCC 12 has no time zone database yet.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace minecs {

class time_zone {
 public:
  // UTC itself, with no transitions.
  time_zone() = default;
  // The zone named `name` ("America/New_York", "Etc/UTC", "UTC"), read from `dir`; nullopt when
  // the name is not a zone there (or tries to leave the directory).
  static std::optional<time_zone> load(const std::string& name,
                                       const std::string& dir = "/usr/share/zoneinfo");
  // A zone from the bytes of a TZif file (tests); nullopt when they do not parse.
  static std::optional<time_zone> parse(const std::string& bytes);

  // Seconds east of UTC in force at the UTC instant `utc`.
  long offset_at(double utc) const;
  // The UTC instant of a local wall-clock time. In a gap (clocks jump forward) the time is read
  // with the offset before the jump; in an overlap, the earlier instant.
  double utc_of_local(double local) const;
  double local_of_utc(double utc) const { return utc + static_cast<double>(offset_at(utc)); }

 private:
  std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
  std::vector<long> offsets_after_;        // offset from each transition on
  long initial_offset_ = 0;
};

}  // namespace minecs
