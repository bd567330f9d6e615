#pragma once
#include <sys/types.h>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

// The registry as a child process: started with its configuration, restarted when it dies, and
// stopped (SIGTERM, then SIGKILL) with minecs. The child also gets SIGTERM when the thread that
// started it ends, so that a minecs killed outright leaves no registry behind.
namespace minecs::registry {

class registry_process {
 public:
  // `config` is the YAML file the registry serves; its output goes to `log`.
  registry_process(std::string binary, std::string config, std::string log);
  ~registry_process();
  registry_process(const registry_process&) = delete;
  registry_process& operator=(const registry_process&) = delete;

  void start();
  void stop();
  pid_t pid() const;

 private:
  void supervise();
  pid_t spawn();

  std::string binary_;
  std::string config_;
  std::string log_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  pid_t pid_ = 0;
  std::thread thread_;
};

}  // namespace minecs::registry
