#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// IPv4 subnets as minecs hands them to Docker: parsing CIDR text, overlap, and the first free
// subnet of a pool, so that task networks come from minecs's own address range.
namespace minecs {

struct ipv4_subnet {
  std::uint32_t base = 0;  // host bits zero
  int prefix = 0;          // 0..32

  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix); }
  std::uint32_t last() const { return base + static_cast<std::uint32_t>(size() - 1); }
  std::string to_string() const;
  bool operator==(const ipv4_subnet&) const = default;
};

// "a.b.c.d/n". With `strict`, host bits must be zero (a pool someone typed); without, they are
// masked off (Docker reports subnets as they were given).
std::optional<ipv4_subnet> parse_ipv4_subnet(std::string_view text, bool strict = true);

bool overlaps(const ipv4_subnet& a, const ipv4_subnet& b);

// One address: "a.b.c.d" and back.
std::optional<std::uint32_t> parse_ipv4_address(std::string_view text);
std::string ipv4_address_string(std::uint32_t address);

// The lowest /`prefix` subnet of `pool` that overlaps none of `taken`; nullopt when every one
// does or `prefix` is shorter than the pool's.
std::optional<ipv4_subnet> free_subnet(const ipv4_subnet& pool, int prefix,
                                       const std::vector<ipv4_subnet>& taken);

}  // namespace minecs
