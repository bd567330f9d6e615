#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// DNS messages as RFC 1035 lays them out on the wire: parsing (compression pointers followed,
// every length checked, so that no packet can read past its end or loop) and encoding (names
// compressed against the ones already written).
//
// Names are kept in text form without the final dot ("" is the root). A label that itself holds
// a dot or a backslash has it escaped with a backslash, so that a name read off the wire is
// written back byte for byte.
namespace minecs::dns {

namespace rr_type {
constexpr std::uint16_t a = 1;
constexpr std::uint16_t ns = 2;
constexpr std::uint16_t cname = 5;
constexpr std::uint16_t soa = 6;
constexpr std::uint16_t aaaa = 28;
constexpr std::uint16_t srv = 33;
constexpr std::uint16_t opt = 41;
constexpr std::uint16_t any = 255;
}  // namespace rr_type

constexpr std::uint16_t class_in = 1;
constexpr std::uint16_t class_any = 255;

namespace rcode {
constexpr std::uint8_t no_error = 0;
constexpr std::uint8_t format_error = 1;
constexpr std::uint8_t server_failure = 2;
constexpr std::uint8_t name_error = 3;  // NXDOMAIN
constexpr std::uint8_t not_implemented = 4;
}  // namespace rcode

constexpr std::size_t header_size = 12;
constexpr std::size_t max_name_length = 255;  // on the wire, length octets included
constexpr std::size_t max_label_length = 63;

struct header {
  std::uint16_t id = 0;
  bool qr = false;  // a response
  std::uint8_t opcode = 0;
  bool aa = false;
  bool tc = false;
  bool rd = false;
  bool ra = false;
  std::uint8_t rcode = 0;
  bool operator==(const header&) const = default;
};

struct question {
  std::string name;
  std::uint16_t type = 0;
  std::uint16_t klass = class_in;
  bool operator==(const question&) const = default;
};

// A resource record; `data` is the RDATA as it stands (names inside it are not decompressed:
// minecs only writes records whose data holds none).
struct resource {
  std::string name;
  std::uint16_t type = 0;
  std::uint16_t klass = class_in;
  std::uint32_t ttl = 0;
  std::vector<std::uint8_t> data;
  bool operator==(const resource&) const = default;
};

struct message {
  header head;
  std::vector<question> questions;
  std::vector<resource> answers;
  std::vector<resource> authorities;
  std::vector<resource> additionals;
};

// The fixed header alone: nullopt when the packet is shorter than one.
std::optional<header> parse_header(std::span<const std::uint8_t> packet);

// The whole message: nullopt when anything is out of bounds, a name is malformed (a label type
// other than 0 or a pointer, a pointer that does not lead backwards, a name over 255 octets) or
// bytes follow the last record.
std::optional<message> parse(std::span<const std::uint8_t> packet);

// The wire form, names compressed. Names that cannot be encoded (a label over 63 octets, a name
// over 255) are a programming error here: the caller encodes only names it parsed or checked
// with valid_name().
std::vector<std::uint8_t> encode(const message& m);

bool valid_name(std::string_view name);

// Lower case in ASCII only, as DNS compares names, with any final dot dropped.
std::string canonical_name(std::string_view name);

// The four octets of an A record's data.
std::vector<std::uint8_t> a_data(std::uint32_t address);
// An SRV record's data (RFC 2782): priority, weight, port and the target, whose name is never
// compressed. The target must be a valid_name().
std::vector<std::uint8_t> srv_data(std::uint16_t priority, std::uint16_t weight, std::uint16_t port,
                                   std::string_view target);

}  // namespace minecs::dns
