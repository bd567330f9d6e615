#pragma once
#include <map>
#include <string>
#include <vector>

namespace minecs::scheduler {

// The tasks one pass wanted to stop but left running because they are scale-in protected,
// counted per task set (deployment), and the service events ECS writes for them.
class protection_blocks {
 public:
  void add(const std::string& deployment_id, long tasks = 1);
  bool empty() const { return counts_.empty(); }

  // One event per blocked task set. The PRIMARY's own scale-in reads
  //   (service S, taskSet D) was unable to scale in due to (reason N tasks under protection)
  // and while older deployments wait to be replaced
  //   (service S) was unable to reach steady state because (taskSet D) was unable to scale in
  //   due to (reason N tasks under protection)
  std::vector<std::string> messages(const std::string& service_name, const std::string& primary_id,
                                    bool deployment_running) const;

 private:
  std::map<std::string, long> counts_;
};

}  // namespace minecs::scheduler
