#include "minecs/core/ipv4.hpp"

#include <algorithm>
#include <charconv>

namespace minecs {

namespace {

std::uint32_t mask_of(int prefix) {
  return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
}

bool parse_number(std::string_view text, int max, int& out) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text[0] == '0')) {
    return false;
  }
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && p == text.data() + text.size() && out >= 0 && out <= max;
}

}  // namespace

std::string ipv4_subnet::to_string() const {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += std::to_string((base >> shift) & 0xff);
    out += shift > 0 ? "." : "";
  }
  return out + "/" + std::to_string(prefix);
}

std::optional<std::uint32_t> parse_ipv4_address(std::string_view text) {
  if (text.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  auto host = parse_ipv4_subnet(std::string(text) + "/32");
  return host ? std::optional(host->base) : std::nullopt;
}

std::string ipv4_address_string(std::uint32_t address) {
  auto text = ipv4_subnet{address, 32}.to_string();
  return text.substr(0, text.find('/'));
}

std::optional<ipv4_subnet> parse_ipv4_subnet(std::string_view text, bool strict) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  ipv4_subnet out;
  if (!parse_number(text.substr(slash + 1), 32, out.prefix)) {
    return std::nullopt;
  }
  auto address = text.substr(0, slash);
  for (int i = 0; i < 4; ++i) {
    auto dot = address.find('.');
    if ((i < 3) == (dot == std::string_view::npos)) {
      return std::nullopt;
    }
    int octet = 0;
    if (!parse_number(address.substr(0, dot), 255, octet)) {
      return std::nullopt;
    }
    out.base = (out.base << 8) | static_cast<std::uint32_t>(octet);
    address = i < 3 ? address.substr(dot + 1) : std::string_view();
  }
  auto masked = out.base & mask_of(out.prefix);
  if (strict && masked != out.base) {
    return std::nullopt;
  }
  out.base = masked;
  return out;
}

bool overlaps(const ipv4_subnet& a, const ipv4_subnet& b) {
  return a.base <= b.last() && b.base <= a.last();
}

std::optional<ipv4_subnet> free_subnet(const ipv4_subnet& pool, int prefix,
                                       const std::vector<ipv4_subnet>& taken) {
  if (prefix < pool.prefix || prefix > 32) {
    return std::nullopt;
  }
  std::vector<ipv4_subnet> in_pool;
  for (const auto& t : taken) {
    if (overlaps(t, pool)) {
      in_pool.push_back(t);
    }
  }
  std::sort(in_pool.begin(), in_pool.end(),
            [](const auto& a, const auto& b) { return a.base < b.base; });
  // Walks the candidates in order, jumping past each taken range rather than testing every one
  // of a pool's thousands of subnets against every network.
  ipv4_subnet candidate{pool.base, prefix};
  std::size_t next = 0;
  for (;;) {
    while (next < in_pool.size() && in_pool[next].last() < candidate.base) {
      ++next;
    }
    if (next == in_pool.size() || !overlaps(in_pool[next], candidate)) {
      return candidate;
    }
    // The first candidate that starts after the taken range's end.
    std::uint64_t after = std::uint64_t{in_pool[next].last()} + 1;
    std::uint64_t step = candidate.size();
    std::uint64_t start = (after + step - 1) / step * step;
    if (start + step - 1 > pool.last()) {
      return std::nullopt;
    }
    candidate.base = static_cast<std::uint32_t>(start);
  }
}

}  // namespace minecs
