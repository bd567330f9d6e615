#pragma once
// A clock the test sets: time stands still until the test advances it.
#include "minecs/core/clock.hpp"

namespace minecs {

class manual_clock final : public clock {
 public:
  explicit manual_clock(double t = 1700000000.0) : t_(t) {}
  double now() const override { return t_; }
  void advance(double seconds) { t_ += seconds; }

 private:
  double t_;
};

}  // namespace minecs
