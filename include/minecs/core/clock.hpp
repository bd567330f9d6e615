#pragma once
#include <chrono>

namespace minecs {

// Injected so that tests control time (tests/support/manual_clock.hpp). Seconds since the epoch,
// with sub-second precision, because that is how the AWS JSON protocol writes timestamps.
class clock {
 public:
  virtual ~clock() = default;
  virtual double now() const = 0;
};

class system_clock final : public clock {
 public:
  double now() const override {
    using namespace std::chrono;
    return duration_cast<microseconds>(std::chrono::system_clock::now().time_since_epoch())
               .count() /
           1e6;
  }
};

}  // namespace minecs
