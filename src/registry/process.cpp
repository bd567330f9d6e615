#include "process.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <vector>

namespace minecs::registry {

registry_process::registry_process(std::string binary, std::string config, std::string log)
    : binary_(std::move(binary)), config_(std::move(config)), log_(std::move(log)) {}

registry_process::~registry_process() {
  stop();
}

void registry_process::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) {
    return;
  }
  stopping_ = false;
  thread_ = std::thread([this] { supervise(); });
}

pid_t registry_process::pid() const {
  std::lock_guard lock(mutex_);
  return pid_;
}

pid_t registry_process::spawn() {
  std::vector<std::string> args = {binary_, "serve", config_};
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  int out = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) {
      ::_exit(1);
    }
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
    }
    // Nothing of minecs's stays open in the registry: not its listeners, not the instance lock.
    ::close_range(3, ~0U, 0);
    ::setpgid(0, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (out >= 0) {
    ::close(out);
  }
  return pid;
}

void registry_process::supervise() {
  auto backoff = std::chrono::milliseconds(500);
  for (;;) {
    pid_t pid = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
      pid = spawn();
      if (pid < 0) {
        spdlog::error("registry: cannot start {}: {}", binary_, std::strerror(errno));
      } else {
        pid_ = pid;
        spdlog::info("registry: {} started (pid {}, config {})", binary_, pid, config_);
      }
    }
    auto started = std::chrono::steady_clock::now();
    int status = 0;
    if (pid > 0) {
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    std::unique_lock lock(mutex_);
    pid_ = 0;
    if (stopping_) {
      return;
    }
    spdlog::warn("registry: the registry process {} ended ({} {}); starting it again", pid,
                 WIFSIGNALED(status) ? "signal" : "status",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    // A registry that dies at once (a bad binary or config) is not restarted in a tight loop.
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(10)) {
      backoff = std::chrono::milliseconds(500);
    } else {
      backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
    }
    wake_.wait_for(lock, backoff, [this] { return stopping_; });
  }
}

void registry_process::stop() {
  std::thread t;
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) {
      return;
    }
    stopping_ = true;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
    }
    t = std::move(thread_);
  }
  wake_.notify_all();
  // The supervisor reaps the child; one that ignores SIGTERM is killed after 5 s.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      if (pid_ == 0) {
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  {
    std::lock_guard lock(mutex_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
    }
  }
  t.join();
}

}  // namespace minecs::registry
