#pragma once
#include <chrono>

namespace minecs {

// Injected so that tests control time. Seconds since the epoch, with sub-second precision,
// because that is how the AWS JSON protocol writes timestamps.
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

class manual_clock final : public clock {
 public:
  explicit manual_clock(double t = 1700000000.0) : t_(t) {}
  double now() const override { return t_; }
  void advance(double seconds) { t_ += seconds; }

 private:
  double t_;
};

}  // namespace minecs
