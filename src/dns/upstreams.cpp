#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <sstream>

#include "minecs/dns/responder.hpp"

namespace minecs::dns {

namespace {

bool is_address(std::string_view text) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(text), ec);
  return !ec;
}

}  // namespace

std::vector<upstream> parse_resolv_conf(std::string_view text) {
  std::vector<upstream> out;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string keyword;
    std::string address;
    words >> keyword >> address;
    // An IPv6 link-local server keeps its interface ("fe80::1%eth0"), which Asio follows.
    if (keyword == "nameserver" && is_address(address)) {
      out.push_back({address, 53});
    }
  }
  return out;
}

std::optional<upstream> parse_upstream(std::string_view text) {
  std::string_view host = text;
  std::string_view port_text;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) {
        return std::nullopt;
      }
      port_text = rest.substr(1);
    }
  } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                          text.find(':', colon + 1) == std::string_view::npos) {
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  if (!is_address(host)) {
    return std::nullopt;
  }
  upstream out{std::string(host), 53};
  if (!port_text.empty() || text.ends_with(':')) {
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || p != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return std::nullopt;
    }
    out.port = static_cast<unsigned short>(port);
  }
  return out;
}

}  // namespace minecs::dns
