#pragma once
#include <filesystem>
#include <string>
#include <variant>

#include "minecs/core/json.hpp"

// Which minecs instances are gone, so that what they left in Docker and iptables goes too.
//
// An instance is a data directory. The directory's file minecs.instance holds the instance id,
// and the running server holds an flock on it. Everything an instance creates is labelled with
// its id, its data directory's absolute path and the mount namespace that path was seen from
// (labels.hpp). A server judges another instance only when the mount namespace is its own (a
// server in a container sees other paths), and finds it dead when its data directory no longer
// holds its id: the directory was removed, or made anew for another instance. A stopped server's
// data directory still holds its id, so its containers stay for re-adoption when it restarts.
// Objects without those labels (made by an older minecs) are never judged.
namespace minecs::reconcile {

inline constexpr const char* instance_file_name = "minecs.instance";

// The running server's hold on its data directory: at most one server serves a data directory.
class instance_claim {
 public:
  // Locks `data_dir`/minecs.instance; answers why not when another server holds it.
  static std::variant<instance_claim, std::string> take(const std::filesystem::path& data_dir);
  instance_claim(instance_claim&& other) noexcept;
  instance_claim& operator=(instance_claim&&) = delete;
  instance_claim(const instance_claim&) = delete;
  instance_claim& operator=(const instance_claim&) = delete;
  ~instance_claim();

  // Writes the id into the file; before the instance creates anything.
  bool record(const std::string& instance_id);
  // Unlocks and forgets the file (--ephemeral, before removing the data directory).
  void release();

 private:
  explicit instance_claim(int fd) : fd_(fd) {}
  int fd_ = -1;
};

enum class instance_state {
  live,     // its data directory holds its id, or a server is setting it up
  dead,     // its data directory is gone or belongs to another instance
  unknown,  // not ours to judge: another mount namespace, or labels of an older minecs
};

// Judges the instance that labelled an object, from its labels, on this filesystem.
instance_state judge_instance(const json& labels, const std::string& own_mount_ns);

// "mnt:[inode]" of this process's mount namespace; empty when unknown.
std::string current_mount_namespace();

}  // namespace minecs::reconcile
