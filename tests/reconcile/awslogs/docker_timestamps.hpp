#pragma once
// Docker's log timestamps at whole milliseconds after one fixed second, as `docker logs
// --timestamps` prints them (nine fractional digits and a space), and the same instants in
// nanoseconds since the epoch: what the log-line tests feed and expect.
#include <cstdint>
#include <string>

namespace minecs::reconcile::test_support {

inline std::string docker_ts(int offset_ms) {
  return "2024-05-01T12:34:56." + std::to_string(100000000 + offset_ms * 1000000).substr(0, 9) +
         "Z ";
}

inline std::int64_t ts_ns(int offset_ms) {
  return 1714566896000000000 + 100000000 + std::int64_t{offset_ms} * 1000000;
}

}  // namespace minecs::reconcile::test_support
