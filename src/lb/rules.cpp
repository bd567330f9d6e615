#include "minecs/lb/rules.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "minecs/core/hex.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/core/wildcard.hpp"

namespace minecs::lb {

namespace {

char fold(char c, bool case_sensitive) {
  return case_sensitive ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return fold(x, false) == fold(y, false);
         });
}

// Query keys and values are compared decoded ("a%20b" and "a+b" are "a b").
std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_digit_value(text[i + 1]) >= 0 &&
               hex_digit_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit_value(text[i + 1]) * 16 + hex_digit_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> query_pairs(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (item.empty()) {
      continue;
    }
    auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(url_decode(item), std::string());
    } else {
      out.emplace_back(url_decode(item.substr(0, eq)), url_decode(item.substr(eq + 1)));
    }
  }
  return out;
}

bool any_value(const std::vector<std::string>& patterns, std::string_view text,
               bool case_sensitive) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) {
    return wildcard_match(p, text, {case_sensitive});
  });
}

void replace_all(std::string& text, std::string_view key, std::string_view value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
}

}  // namespace

bool cidr_contains(std::string_view cidr, std::uint32_t address) {
  auto block = parse_ipv4_subnet(cidr, false);
  if (!block) {
    return false;
  }
  return block->prefix == 0 ||
         (address >> (32 - block->prefix)) == (block->base >> (32 - block->prefix));
}

std::string host_without_port(std::string_view host) {
  if (host.starts_with('[')) {
    auto close = host.find(']');
    return std::string(host.substr(0, close == std::string_view::npos ? host.size() : close + 1));
  }
  return std::string(host.substr(0, host.find(':')));
}

bool condition_matches(const store::elbv2_condition& c, const request_view& r) {
  if (c.field == "path-pattern") {
    return any_value(c.values, r.path, true);
  }
  if (c.field == "host-header") {
    return any_value(c.values, host_without_port(r.host), false);
  }
  if (c.field == "http-request-method") {
    return std::find(c.values.begin(), c.values.end(), r.method) != c.values.end();
  }
  if (c.field == "source-ip") {
    return std::any_of(c.values.begin(), c.values.end(),
                       [&](const std::string& v) { return cidr_contains(v, r.source); });
  }
  if (c.field == "http-header") {
    return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) {
      return iequals(h.first, c.header_name) && any_value(c.values, h.second, false);
    });
  }
  if (c.field == "query-string") {
    auto pairs = query_pairs(r.query);
    return std::any_of(c.queries.begin(), c.queries.end(), [&](const store::elbv2_key_value& kv) {
      return std::any_of(pairs.begin(), pairs.end(), [&](const auto& p) {
        return (kv.key.empty() || wildcard_match(kv.key, p.first, {false})) &&
               wildcard_match(kv.value, p.second, {false});
      });
    });
  }
  return false;  // a field this balancer does not know never matches
}

std::vector<rule_entry> ordered_rules(std::vector<rule_entry> rules) {
  std::stable_sort(rules.begin(), rules.end(), [](const rule_entry& a, const rule_entry& b) {
    if (a.is_default != b.is_default) {
      return b.is_default;
    }
    return a.priority < b.priority;
  });
  return rules;
}

const store::elbv2_action* choose_action(const std::vector<rule_entry>& ordered,
                                         const request_view& request) {
  for (const auto& rule : ordered) {
    bool applies =
        std::all_of(rule.conditions.begin(), rule.conditions.end(),
                    [&](const store::elbv2_condition& c) { return condition_matches(c, request); });
    if (!applies) {
      continue;
    }
    const store::elbv2_action* last = nullptr;
    for (const auto& a : rule.actions) {
      // The last action in order is the one that answers (authenticate-* come before it).
      if (last == nullptr || a.order >= last->order) {
        last = &a;
      }
    }
    return last;
  }
  return nullptr;
}

std::string pick_group(const store::elbv2_action& forward, std::uint64_t roll) {
  std::uint64_t total = 0;
  for (const auto& g : forward.target_groups) {
    total += static_cast<std::uint64_t>(std::max(g.weight, 0));
  }
  if (total == 0) {
    return {};
  }
  roll %= total;
  for (const auto& g : forward.target_groups) {
    auto w = static_cast<std::uint64_t>(std::max(g.weight, 0));
    if (roll < w) {
      return g.target_group_arn;
    }
    roll -= w;
  }
  return {};
}

redirect_target redirect_of(const store::elbv2_action& a, const request_view& r,
                            std::string_view protocol, int port) {
  auto host = host_without_port(r.host);
  std::string path(r.path.starts_with('/') ? r.path.substr(1) : r.path);
  auto expand = [&](std::string text) {
    std::string proto_lower(protocol);
    std::transform(proto_lower.begin(), proto_lower.end(), proto_lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    replace_all(text, "#{protocol}", proto_lower);
    replace_all(text, "#{host}", host);
    replace_all(text, "#{port}", std::to_string(port));
    replace_all(text, "#{path}", path);
    replace_all(text, "#{query}", r.query);
    return text;
  };
  auto out_protocol = expand(a.protocol.empty() ? "#{protocol}" : a.protocol);
  std::transform(out_protocol.begin(), out_protocol.end(), out_protocol.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto out_host = expand(a.host.empty() ? "#{host}" : a.host);
  auto out_port = expand(a.port.empty() ? "#{port}" : a.port);
  auto out_path = expand(a.path.empty() ? "/#{path}" : a.path);
  auto out_query = expand(a.query.empty() ? "#{query}" : a.query);
  std::string location = out_protocol + "://" + out_host;
  bool default_port = (out_protocol == "http" && out_port == "80") ||
                      (out_protocol == "https" && out_port == "443");
  if (!default_port) {
    location += ":" + out_port;
  }
  location += out_path.starts_with('/') ? out_path : "/" + out_path;
  if (!out_query.empty()) {
    location += "?" + out_query;
  }
  return {a.status_code == "HTTP_301" ? 301 : 302, location};
}

}  // namespace minecs::lb
