#include "minecs/lb/snapshot.hpp"

#include <charconv>

namespace minecs::lb {

std::string target_host(const store::elbv2_target_group& group, const store::elbv2_target& target) {
  return group.target_type == "ip" ? target.id : std::string("127.0.0.1");
}

std::vector<const store::elbv2_target*> routable_targets(const store::elbv2_target_group& group) {
  std::vector<const store::elbv2_target*> all;
  std::vector<const store::elbv2_target*> healthy;
  for (const auto& t : group.targets) {
    if (t.drain_until > 0) {
      continue;
    }
    all.push_back(&t);
    if (t.state == "healthy") {
      healthy.push_back(&t);
    }
  }
  return healthy.empty() ? all : healthy;
}

std::chrono::seconds idle_timeout_of(const std::map<std::string, std::string>& attributes) {
  auto it = attributes.find("idle_timeout.timeout_seconds");
  int seconds = 60;
  if (it != attributes.end()) {
    const auto& text = it->second;
    int parsed = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (ec == std::errc() && end == text.data() + text.size() && parsed > 0) {
      seconds = parsed;
    }
  }
  return std::chrono::seconds(seconds);
}

}  // namespace minecs::lb
