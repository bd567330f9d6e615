#include "minecs/lb/addresses.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <array>
#include <vector>

namespace minecs::lb {

namespace {

constexpr std::uint32_t reserved_head = 4;

// Runs `ip` with the arguments, its output to /dev/null; true when it exits 0.
bool run_ip(std::vector<std::string> args) {
  std::vector<char*> argv;
  std::string program = "ip";
  argv.push_back(program.data());
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    return false;
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    int null_fd = ::open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      ::dup2(null_fd, 1);
      ::dup2(null_fd, 2);
    }
    ::execvp("ip", argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::optional<std::uint32_t> balancer_address(const ipv4_subnet& subnet,
                                              const std::set<std::uint32_t>& used) {
  if (subnet.size() <= reserved_head + 1) {
    return std::nullopt;
  }
  for (std::uint32_t a = subnet.last() - 1; a >= subnet.base + reserved_head; --a) {
    if (!used.contains(a)) {
      return a;
    }
  }
  return std::nullopt;
}

bool add_host_address(const std::string& bridge, std::uint32_t address) {
  auto cidr = ipv4_address_string(address) + "/32";
  if (run_ip({"addr", "replace", cidr, "dev", bridge})) {
    return true;
  }
  spdlog::warn("load balancers: cannot add {} to {} (is `ip` there, and may minecs use it?)", cidr,
               bridge);
  return false;
}

bool remove_host_address(const std::string& bridge, std::uint32_t address) {
  return run_ip({"addr", "del", ipv4_address_string(address) + "/32", "dev", bridge});
}

}  // namespace minecs::lb
