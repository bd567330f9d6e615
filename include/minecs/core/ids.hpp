#pragma once
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace minecs {

// Injected so that tests get deterministic ids; real ids have the shapes ECS uses.
class id_generator {
 public:
  virtual ~id_generator() = default;
  // 32 lowercase hex digits, as ECS task ids.
  virtual std::string hex32() = 0;
  // A random UUID (version 4), as ECS uses for container ids and client tokens.
  virtual std::string uuid() = 0;
  // Decimal digits, as in "ecs-svc/1234567890123456789".
  virtual std::string digits(int n) = 0;
};

class random_ids final : public id_generator {
 public:
  random_ids();
  explicit random_ids(std::uint64_t seed);
  std::string hex32() override;
  std::string uuid() override;
  std::string digits(int n) override;

 private:
  std::mutex mutex_;
  std::mt19937_64 rng_;
};

}  // namespace minecs
