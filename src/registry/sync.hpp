#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "minecs/core/clock.hpp"
#include "minecs/store/database.hpp"

// Makes the registry hold what the store says: removes the manifests the store deleted, adds the
// tags PutImage gave and drops those BatchDeleteImage took; and applies each repository's
// lifecycle policy to the store. Woken by store changes (at most a few times a second) and
// every `period` for the age rules.
namespace minecs::registry {

class registry_sync {
 public:
  registry_sync(store::database& db, const minecs::clock& clk, std::string upstream_host,
                std::string upstream_port, double period_seconds);
  ~registry_sync();
  registry_sync(const registry_sync&) = delete;
  registry_sync& operator=(const registry_sync&) = delete;
  void start();
  void stop();
  // One pass now (tests, and after a push).
  void poke();

 private:
  void run();
  void pass();
  void apply_lifecycle();
  void remove_manifests();
  void sync_tags();
  // The registry's answer's status, or 0 when it cannot be reached.
  int call(const std::string& method, const std::string& target, const std::string& body = {},
           const std::string& content_type = {});

  store::database& db_;
  const minecs::clock& clk_;
  std::string host_;
  std::string port_;
  double period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace minecs::registry
