#pragma once
// Target health as ELBv2 keeps it: a target starts `initial`, becomes `healthy` after the group's
// healthy threshold of consecutive passed checks and `unhealthy` after its unhealthy threshold of
// consecutive failed ones, with ELBv2's reason codes. The checker (private) probes; this is the
// part without sockets.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minecs/store/elbv2_records.hpp"

namespace minecs::lb {

// A matcher's HttpCode: "200", "200-299", "200,302" (and mixes). nullopt when it is none.
using code_ranges = std::vector<std::pair<int, int>>;
std::optional<code_ranges> parse_matcher(std::string_view text);
bool matcher_accepts(const code_ranges& ranges, int status);

struct probe_result {
  bool passed = false;
  std::string reason;  // when failed: Target.ResponseCodeMismatch, Target.Timeout, ...
  std::string description;
};

probe_result probe_passed();
probe_result probe_code_mismatch(int status);
probe_result probe_timed_out();
probe_result probe_failed();  // refused or broken connection

struct health_verdict {
  std::string state;  // healthy, unhealthy
  std::string reason;
  std::string description;
};

// One target's consecutive results; starts from the state the store holds.
class health_tracker {
 public:
  explicit health_tracker(std::string state = "initial") : state_(std::move(state)) {}
  // The new state when this result changes it, else nullopt (nothing to write).
  std::optional<health_verdict> record(const probe_result& result, int healthy_threshold,
                                       int unhealthy_threshold);
  const std::string& state() const { return state_; }

 private:
  std::string state_;
  int passes_ = 0;
  int failures_ = 0;
};

// The port a check goes to: the target's own for "traffic-port", else the configured one.
int health_check_port(const store::elbv2_health_check& check, const store::elbv2_target& target);

}  // namespace minecs::lb
