#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "minecs/dns/name_table.hpp"

// What the responder does with one packet: answer it from the name table, hand it to the
// upstream resolvers, or drop it. Pure, so that every kind of packet is tested without sockets.
namespace minecs::dns {

struct answer_settings {
  std::uint32_t ttl = 5;
  // A name in an owned zone that no record has: NXDOMAIN (false) or asked upstream (true).
  bool forward_unknown = false;
  // The UDP payload size minecs states in its EDNS answers.
  std::uint16_t udp_payload = 1232;
};

enum class verdict { reply, forward, drop };

struct decision {
  verdict what = verdict::drop;
  std::vector<std::uint8_t> reply;  // for verdict::reply
};

decision decide(std::span<const std::uint8_t> packet, const name_table& names,
                const answer_settings& cfg);

// SERVFAIL for a query the upstream resolvers did not answer; empty when the query cannot be
// parsed far enough to answer it.
std::vector<std::uint8_t> server_failure(std::span<const std::uint8_t> query);

}  // namespace minecs::dns
