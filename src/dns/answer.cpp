#include "answer.hpp"

#include "wire.hpp"

namespace minecs::dns {

namespace {

constexpr std::uint8_t opcode_query = 0;

message reply_to(const header& query_head, std::uint8_t code) {
  message m;
  m.head.id = query_head.id;
  m.head.qr = true;
  m.head.opcode = query_head.opcode;
  m.head.rd = query_head.rd;
  m.head.ra = true;
  m.head.rcode = code;
  return m;
}

decision reply(const message& m) {
  return {verdict::reply, encode(m)};
}

const resource* find_opt(const message& query) {
  for (const auto& rr : query.additionals) {
    if (rr.type == rr_type::opt) {
      return &rr;
    }
  }
  return nullptr;
}

}  // namespace

decision decide(std::span<const std::uint8_t> packet, const name_table& names,
                const answer_settings& cfg) {
  auto head = parse_header(packet);
  // Too short to answer, or itself an answer (answering those could make two servers loop).
  if (!head || head->qr) {
    return {};
  }
  auto query = parse(packet);
  if (!query) {
    return reply(reply_to(*head, rcode::format_error));
  }
  if (head->opcode != opcode_query) {
    return reply(reply_to(*head, rcode::not_implemented));
  }
  if (query->questions.size() != 1 || !query->answers.empty() || !query->authorities.empty()) {
    return reply(reply_to(*head, rcode::format_error));
  }
  const auto& q = query->questions.front();
  if (q.klass != class_in && q.klass != class_any) {
    return {verdict::forward, {}};
  }
  auto found = names.lookup(q.name);
  if (found.owner == ownership::foreign || (!found.exists() && cfg.forward_unknown)) {
    return {verdict::forward, {}};
  }
  auto m = reply_to(*head, found.exists() ? rcode::no_error : rcode::name_error);
  m.head.aa = true;
  m.questions.push_back(q);
  if (q.type == rr_type::a || q.type == rr_type::any) {
    for (auto address : found.addresses) {
      m.answers.push_back({q.name, rr_type::a, class_in, cfg.ttl, a_data(address)});
    }
  }
  if (q.type == rr_type::srv || q.type == rr_type::any) {
    for (const auto& [port, target] : found.services) {
      m.answers.push_back({q.name, rr_type::srv, class_in, cfg.ttl, srv_data(1, 1, port, target)});
      // The target's addresses beside it, so that the client need not ask again.
      for (auto address : names.lookup(target).addresses) {
        m.additionals.push_back({target, rr_type::a, class_in, cfg.ttl, a_data(address)});
      }
    }
  }
  if (find_opt(*query) != nullptr) {
    // EDNS: the answer states what minecs accepts; no options.
    m.additionals.push_back({"", rr_type::opt, cfg.udp_payload, 0, {}});
  }
  return reply(m);
}

std::vector<std::uint8_t> server_failure(std::span<const std::uint8_t> query) {
  auto parsed = parse(query);
  if (!parsed) {
    return {};
  }
  auto m = reply_to(parsed->head, rcode::server_failure);
  m.questions = parsed->questions;
  return encode(m);
}

}  // namespace minecs::dns
