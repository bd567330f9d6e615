#include "protection_blocks.hpp"

namespace minecs::scheduler {

void protection_blocks::add(const std::string& deployment_id, long tasks) {
  if (tasks > 0) {
    counts_[deployment_id] += tasks;
  }
}

std::vector<std::string> protection_blocks::messages(const std::string& service_name,
                                                     const std::string& primary_id,
                                                     bool deployment_running) const {
  std::vector<std::string> out;
  for (const auto& [deployment_id, count] : counts_) {
    auto reason = "was unable to scale in due to (reason " + std::to_string(count) +
                  " tasks under protection)";
    if (deployment_id == primary_id && !deployment_running) {
      out.push_back("(service " + service_name + ", taskSet " + deployment_id + ") " + reason);
    } else {
      out.push_back("(service " + service_name +
                    ") was unable to reach steady state because (taskSet " + deployment_id + ") " +
                    reason);
    }
  }
  return out;
}

}  // namespace minecs::scheduler
