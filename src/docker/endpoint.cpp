#include "minecs/docker/client.hpp"

namespace minecs::docker {

std::string endpoint::to_string() const {
  if (type == kind::unix_socket) {
    return "unix://" + path;
  }
  return "tcp://" + host + ":" + port;
}

result<endpoint> parse_endpoint(std::string_view docker_host) {
  constexpr std::string_view unix_scheme = "unix://";
  constexpr std::string_view tcp_scheme = "tcp://";
  endpoint ep;
  if (docker_host.starts_with(unix_scheme)) {
    ep.type = endpoint::kind::unix_socket;
    ep.path = std::string(docker_host.substr(unix_scheme.size()));
    if (ep.path.empty() || ep.path.front() != '/') {
      return error{0, "docker host " + std::string(docker_host) + ": need an absolute socket path"};
    }
    return ep;
  }
  if (docker_host.starts_with(tcp_scheme)) {
    auto rest = docker_host.substr(tcp_scheme.size());
    while (!rest.empty() && rest.back() == '/') {
      rest.remove_suffix(1);
    }
    // Bracketed IPv6 literals keep their colons: [::1]:2375.
    auto colon = rest.rfind(':');
    auto bracket = rest.rfind(']');
    if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
      return error{0, "docker host " + std::string(docker_host) + ": need tcp://host:port"};
    }
    ep.type = endpoint::kind::tcp;
    ep.host = std::string(rest.substr(0, colon));
    ep.port = std::string(rest.substr(colon + 1));
    if (ep.host.size() >= 2 && ep.host.front() == '[' && ep.host.back() == ']') {
      ep.host = ep.host.substr(1, ep.host.size() - 2);
    }
    if (ep.host.empty() || ep.port.empty() ||
        ep.port.find_first_not_of("0123456789") != std::string::npos) {
      return error{0, "docker host " + std::string(docker_host) + ": need tcp://host:port"};
    }
    return ep;
  }
  return error{0, "docker host " + std::string(docker_host) +
                      ": only unix:// and tcp:// endpoints are supported"};
}

}  // namespace minecs::docker
