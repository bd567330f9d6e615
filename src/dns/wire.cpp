#include "wire.hpp"

#include <map>

namespace minecs::dns {

namespace {

constexpr std::uint8_t pointer_bits = 0xC0;
constexpr std::size_t max_pointer_offset = 0x3FFF;

class reader {
 public:
  explicit reader(std::span<const std::uint8_t> packet) : p_(packet) {}

  std::size_t position() const { return pos_; }
  bool at_end() const { return pos_ == p_.size(); }

  bool u8(std::uint8_t& v) {
    if (p_.size() - pos_ < 1) {
      return false;
    }
    v = p_[pos_++];
    return true;
  }

  bool u16(std::uint16_t& v) {
    if (p_.size() - pos_ < 2) {
      return false;
    }
    v = static_cast<std::uint16_t>(p_[pos_] << 8 | p_[pos_ + 1]);
    pos_ += 2;
    return true;
  }

  bool u32(std::uint32_t& v) {
    std::uint16_t hi = 0;
    std::uint16_t lo = 0;
    if (!u16(hi) || !u16(lo)) {
      return false;
    }
    v = static_cast<std::uint32_t>(hi) << 16 | lo;
    return true;
  }

  bool bytes(std::size_t n, std::vector<std::uint8_t>& out) {
    if (p_.size() - pos_ < n) {
      return false;
    }
    out.assign(p_.begin() + static_cast<std::ptrdiff_t>(pos_),
               p_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
    pos_ += n;
    return true;
  }

  // A name at the current position, following compression pointers. Each pointer must lead
  // before the target of the one before it (as every compressor writes them), so that no packet
  // can make the walk go round; the 255-octet limit bounds it as well.
  bool name(std::string& out) {
    out.clear();
    std::size_t at = pos_;
    std::size_t limit = pos_;
    std::size_t wire_length = 0;
    bool jumped = false;
    for (;;) {
      if (at >= p_.size()) {
        return false;
      }
      std::uint8_t length = p_[at];
      if ((length & pointer_bits) == pointer_bits) {
        if (at + 1 >= p_.size()) {
          return false;
        }
        std::size_t target = static_cast<std::size_t>(length & ~pointer_bits) << 8 | p_[at + 1];
        if (!jumped) {
          pos_ = at + 2;
          jumped = true;
        }
        if (target >= limit) {
          return false;
        }
        limit = target;
        at = target;
        continue;
      }
      if ((length & pointer_bits) != 0) {
        return false;  // the extended label types (RFC 6891 retired them)
      }
      wire_length += length + 1u;
      if (wire_length > max_name_length) {
        return false;
      }
      if (length == 0) {
        if (!jumped) {
          pos_ = at + 1;
        }
        return true;
      }
      if (at + 1 + length > p_.size()) {
        return false;
      }
      if (wire_length > length + 1u) {
        out += '.';
      }
      for (std::size_t i = at + 1; i < at + 1 + length; ++i) {
        auto c = static_cast<char>(p_[i]);
        if (c == '.' || c == '\\') {
          out += '\\';
        }
        out += c;
      }
      at += 1 + length;
    }
  }

 private:
  std::span<const std::uint8_t> p_;
  std::size_t pos_ = 0;
};

// The labels of a text name, escapes removed; nullopt when a label is empty or too long or the
// whole name too long.
std::optional<std::vector<std::string>> split_labels(std::string_view name) {
  std::vector<std::string> labels;
  if (name.empty()) {
    return labels;
  }
  std::string label;
  std::size_t wire_length = 1;  // the root's octet
  auto finish = [&] {
    if (label.empty() || label.size() > max_label_length) {
      return false;
    }
    wire_length += label.size() + 1;
    labels.push_back(std::move(label));
    label.clear();
    return true;
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '\\' && i + 1 < name.size()) {
      label += name[++i];
    } else if (c == '.') {
      if (!finish()) {
        return std::nullopt;
      }
    } else {
      label += c;
    }
  }
  if (!finish() || wire_length > max_name_length) {
    return std::nullopt;
  }
  return labels;
}

bool parse_resource(reader& r, resource& out) {
  std::uint16_t length = 0;
  return r.name(out.name) && r.u16(out.type) && r.u16(out.klass) && r.u32(out.ttl) &&
         r.u16(length) && r.bytes(length, out.data);
}

class writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v & 0xFF));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v & 0xFFFF));
  }

  // Each suffix already written is pointed at rather than written again. Keys keep the case
  // as written, so that a name comes back exactly as it went in.
  void name(std::string_view text) {
    auto labels = split_labels(text).value_or(std::vector<std::string>{});
    for (std::size_t i = 0; i < labels.size(); ++i) {
      std::string key;
      for (std::size_t j = i; j < labels.size(); ++j) {
        key += static_cast<char>(labels[j].size());
        key += labels[j];
      }
      if (auto it = suffixes_.find(key); it != suffixes_.end()) {
        u16(static_cast<std::uint16_t>(0xC000 | it->second));
        return;
      }
      if (out_.size() <= max_pointer_offset) {
        suffixes_.emplace(std::move(key), static_cast<std::uint16_t>(out_.size()));
      }
      u8(static_cast<std::uint8_t>(labels[i].size()));
      out_.insert(out_.end(), labels[i].begin(), labels[i].end());
    }
    u8(0);
  }

  void resource(const dns::resource& rr) {
    name(rr.name);
    u16(rr.type);
    u16(rr.klass);
    u32(rr.ttl);
    u16(static_cast<std::uint16_t>(rr.data.size()));
    out_.insert(out_.end(), rr.data.begin(), rr.data.end());
  }

  std::vector<std::uint8_t> take() { return std::move(out_); }

 private:
  std::vector<std::uint8_t> out_;
  std::map<std::string, std::uint16_t> suffixes_;
};

}  // namespace

std::optional<header> parse_header(std::span<const std::uint8_t> packet) {
  if (packet.size() < header_size) {
    return std::nullopt;
  }
  header h;
  h.id = static_cast<std::uint16_t>(packet[0] << 8 | packet[1]);
  h.qr = (packet[2] & 0x80) != 0;
  h.opcode = static_cast<std::uint8_t>(packet[2] >> 3 & 0x0F);
  h.aa = (packet[2] & 0x04) != 0;
  h.tc = (packet[2] & 0x02) != 0;
  h.rd = (packet[2] & 0x01) != 0;
  h.ra = (packet[3] & 0x80) != 0;
  h.rcode = static_cast<std::uint8_t>(packet[3] & 0x0F);
  return h;
}

std::optional<message> parse(std::span<const std::uint8_t> packet) {
  auto h = parse_header(packet);
  if (!h) {
    return std::nullopt;
  }
  message m;
  m.head = *h;
  reader r(packet);
  std::uint16_t skip = 0;
  std::uint16_t counts[4] = {};
  if (!r.u16(skip) || !r.u16(skip)) {
    return std::nullopt;
  }
  for (auto& c : counts) {
    if (!r.u16(c)) {
      return std::nullopt;
    }
  }
  for (std::uint16_t i = 0; i < counts[0]; ++i) {
    question q;
    if (!r.name(q.name) || !r.u16(q.type) || !r.u16(q.klass)) {
      return std::nullopt;
    }
    m.questions.push_back(std::move(q));
  }
  std::vector<resource>* sections[3] = {&m.answers, &m.authorities, &m.additionals};
  for (int s = 0; s < 3; ++s) {
    for (std::uint16_t i = 0; i < counts[s + 1]; ++i) {
      resource rr;
      if (!parse_resource(r, rr)) {
        return std::nullopt;
      }
      sections[s]->push_back(std::move(rr));
    }
  }
  if (!r.at_end()) {
    return std::nullopt;
  }
  return m;
}

std::vector<std::uint8_t> encode(const message& m) {
  writer w;
  const auto& h = m.head;
  w.u16(h.id);
  w.u8(static_cast<std::uint8_t>((h.qr ? 0x80 : 0) | (h.opcode & 0x0F) << 3 | (h.aa ? 0x04 : 0) |
                                 (h.tc ? 0x02 : 0) | (h.rd ? 0x01 : 0)));
  w.u8(static_cast<std::uint8_t>((h.ra ? 0x80 : 0) | (h.rcode & 0x0F)));
  w.u16(static_cast<std::uint16_t>(m.questions.size()));
  w.u16(static_cast<std::uint16_t>(m.answers.size()));
  w.u16(static_cast<std::uint16_t>(m.authorities.size()));
  w.u16(static_cast<std::uint16_t>(m.additionals.size()));
  for (const auto& q : m.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.klass);
  }
  for (const auto* section : {&m.answers, &m.authorities, &m.additionals}) {
    for (const auto& rr : *section) {
      w.resource(rr);
    }
  }
  return w.take();
}

bool valid_name(std::string_view name) {
  return split_labels(name).has_value();
}

std::string canonical_name(std::string_view name) {
  if (name.ends_with('.') && !name.ends_with("\\.")) {
    name.remove_suffix(1);
  }
  std::string out(name);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::vector<std::uint8_t> srv_data(std::uint16_t priority, std::uint16_t weight, std::uint16_t port,
                                   std::string_view target) {
  std::vector<std::uint8_t> out;
  for (auto v : {priority, weight, port}) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
  }
  for (const auto& label : split_labels(target).value_or(std::vector<std::string>{})) {
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
  }
  out.push_back(0);
  return out;
}

std::vector<std::uint8_t> a_data(std::uint32_t address) {
  return {static_cast<std::uint8_t>(address >> 24), static_cast<std::uint8_t>(address >> 16 & 0xFF),
          static_cast<std::uint8_t>(address >> 8 & 0xFF),
          static_cast<std::uint8_t>(address & 0xFF)};
}

}  // namespace minecs::dns
