#include "minecs/core/ids.hpp"

namespace minecs {

namespace {
constexpr char hex_digits[] = "0123456789abcdef";
}

random_ids::random_ids() : rng_(std::random_device{}()) {}
random_ids::random_ids(std::uint64_t seed) : rng_(seed) {}

std::string random_ids::hex32() {
  std::lock_guard lock(mutex_);
  std::string out(32, '0');
  for (auto& c : out) {
    c = hex_digits[rng_() & 15];
  }
  return out;
}

std::string random_ids::uuid() {
  std::string h = hex32();
  h[12] = '4';
  h[16] = hex_digits[8 + (h[16] - '0') % 4];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string random_ids::digits(int n) {
  std::lock_guard lock(mutex_);
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += static_cast<char>('0' + (i == 0 ? 1 + rng_() % 9 : rng_() % 10));
  }
  return out;
}

}  // namespace minecs
