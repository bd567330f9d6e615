#include "minecs/reconcile/instances.hpp"
#include "dead_instances.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <thread>

#include "agent_routing/agent_route.hpp"
#include "labels.hpp"

namespace minecs::reconcile {

namespace {

// Another server's probe holds a shared lock for microseconds; a starting server waits that out.
constexpr auto claim_patience = std::chrono::milliseconds(500);

std::string label(const json& labels, std::string_view key) {
  auto it = labels.find(key);
  return it != labels.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string read_all(int fd) {
  std::string out;
  char buf[256];
  for (;;) {
    auto n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

// Whether a server holds the lock on the open file.
bool locked_by_a_server(int fd) {
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd, LOCK_UN);
    return false;
  }
  return errno == EWOULDBLOCK;
}

struct owner_key {
  std::string instance_id;
  std::string data_dir;
  // clang-tidy 14 reports a 0 that it synthesises inside a defaulted <=>.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  auto operator<=>(const owner_key&) const = default;
};

// Judges each instance once per sweep, however many objects it left.
class judge {
 public:
  explicit judge(const context& cx) : cx_(cx) {}

  bool dead(const json& labels) {
    if (!labels.is_object() || owned_by(labels, cx_.cfg.instance_id)) {
      return false;
    }
    owner_key key{label(labels, instance_label), label(labels, data_dir_label)};
    auto it = seen_.find(key);
    if (it == seen_.end()) {
      it = seen_.emplace(key, judge_instance(labels, cx_.cfg.mount_ns)).first;
      if (it->second == instance_state::dead) {
        spdlog::info("reconciler: instance {} is gone (data directory {}); removing what it left",
                     key.instance_id, key.data_dir);
      }
    }
    return it->second == instance_state::dead;
  }

 private:
  const context& cx_;
  std::map<owner_key, instance_state> seen_;
};

}  // namespace

std::variant<instance_claim, std::string> instance_claim::take(
    const std::filesystem::path& data_dir) {
  auto path = (data_dir / instance_file_name).string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return "cannot open " + path + ": " + std::strerror(errno);
  }
  auto deadline = std::chrono::steady_clock::now() + claim_patience;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err != EWOULDBLOCK || std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      if (err == EWOULDBLOCK) {
        return "data directory " + data_dir.string() +
               " is in use by another minecs server (it holds the lock on " + path + ")";
      }
      return "cannot lock " + path + ": " + std::strerror(err);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return instance_claim(fd);
}

instance_claim::instance_claim(instance_claim&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

instance_claim::~instance_claim() {
  release();
}

bool instance_claim::record(const std::string& instance_id) {
  if (fd_ < 0) {
    return false;
  }
  // Written over the old text before truncating, so that a reader never sees the file empty
  // when it held this id already (a restart).
  auto text = instance_id + "\n";
  return ::pwrite(fd_, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()) &&
         ::ftruncate(fd_, static_cast<off_t>(text.size())) == 0 && ::fsync(fd_) == 0;
}

void instance_claim::release() {
  if (fd_ >= 0) {
    ::close(fd_);  // closing drops the flock
    fd_ = -1;
  }
}

std::string current_mount_namespace() {
  std::error_code ec;
  auto target = std::filesystem::read_symlink("/proc/self/ns/mnt", ec);
  return ec ? std::string() : target.string();
}

instance_state judge_instance(const json& labels, const std::string& own_mount_ns) {
  if (!labels.is_object()) {
    return instance_state::unknown;
  }
  auto id = label(labels, instance_label);
  auto dir = label(labels, data_dir_label);
  auto ns = label(labels, mount_ns_label);
  if (id.empty() || dir.empty() || ns.empty() || own_mount_ns.empty() || ns != own_mount_ns) {
    return instance_state::unknown;
  }
  auto path = (std::filesystem::path(dir) / instance_file_name).string();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // Anything but "not there" (a permission, say) cannot tell: leave the instance alone.
    return errno == ENOENT || errno == ENOTDIR ? instance_state::dead : instance_state::unknown;
  }
  auto held = read_all(fd);
  instance_state out = instance_state::dead;
  // An empty file under a lock: a server is starting on the directory and has not written its
  // id yet.
  if (held == id || (held.empty() && locked_by_a_server(fd))) {
    out = instance_state::live;
  }
  ::close(fd);
  return out;
}

void remove_dead_instances(context& cx) {
  if (cx.cfg.mount_ns.empty()) {
    return;
  }
  judge verdicts(cx);
  std::vector<std::string> label_filter = {std::string(data_dir_label)};
  if (auto listed = cx.docker.list_containers(label_filter, true, cx.cfg.call_timeout)) {
    for (const auto& c : *listed) {
      if (verdicts.dead(c.value("Labels", json::object()))) {
        (void)cx.docker.remove_container(c.value("Id", ""), true, true, cx.cfg.call_timeout);
      }
    }
  }
  // After the containers: Docker refuses to remove a network with endpoints.
  if (auto nets = cx.docker.list_networks(label_filter, cx.cfg.call_timeout)) {
    for (const auto& n : *nets) {
      if (!verdicts.dead(n.value("Labels", json::object()))) {
        continue;
      }
      auto id = n.value("Id", "");
      if (cx.cfg.agent_port > 0) {
        unroute_agent_address(bridge_interface(id));
      }
      if (auto removed = cx.docker.remove_network(id, cx.cfg.call_timeout); !removed) {
        spdlog::warn("reconciler: cannot remove network {} of a gone instance: {}",
                     n.value("Name", ""), removed.error().message);
      }
    }
  }
  if (cx.cfg.agent_port > 0) {
    remove_stale_agent_routes();
  }
}

}  // namespace minecs::reconcile
