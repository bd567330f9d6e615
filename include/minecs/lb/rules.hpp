#pragma once
// How an Application Load Balancer's listener picks what to do with a request: its rules in
// priority order, the default action last; a rule applies when every one of its conditions
// matches, and a condition matches when any of its values does. Pure functions, so that every
// rule of ELBv2's condition types is tested without a socket.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minecs/store/elbv2_records.hpp"

namespace minecs::lb {

// Views into the request's head (the proxy evaluates the rules without copying it).
struct request_view {
  std::string_view method;
  std::string_view path;   // without the query, as it came ("/a/b")
  std::string_view query;  // without the "?", percent-encoded as it came
  std::string_view host;   // the Host header, with its port if it had one
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::uint32_t source = 0;  // IPv4, host order
};

// "a.b.c.d/n" contains the address; false for text that is no CIDR.
bool cidr_contains(std::string_view cidr, std::uint32_t address);

bool condition_matches(const store::elbv2_condition& condition, const request_view& request);

// The rules of one listener, sorted by priority with the default rule last.
struct rule_entry {
  int priority = 0;
  bool is_default = false;
  std::vector<store::elbv2_condition> conditions;
  std::vector<store::elbv2_action> actions;
};
std::vector<rule_entry> ordered_rules(std::vector<rule_entry> rules);

// The action that decides the request (a rule's actions with the lowest order, which is the
// forward, fixed-response or redirect: authentication actions are not run); null when no rule
// applies and there is no default.
const store::elbv2_action* choose_action(const std::vector<rule_entry>& ordered,
                                         const request_view& request);

// One target group of a forward action, by weight: `roll` is any number (a counter or a random
// draw), taken modulo the sum of the weights. Empty when every weight is 0.
std::string pick_group(const store::elbv2_action& forward, std::uint64_t roll);

struct redirect_target {
  int status = 302;
  std::string location;
};

// Where a redirect action sends the request, with #{protocol} #{host} #{port} #{path} (without
// its leading "/") #{query} replaced by the request's own. `protocol` ("HTTP"/"HTTPS") and `port`
// are the listener's. The default port of the protocol is left out of the URL.
redirect_target redirect_of(const store::elbv2_action& redirect, const request_view& request,
                            std::string_view protocol, int port);

// The host name of a Host header value ("Example.com:8080" → "Example.com").
std::string host_without_port(std::string_view host);

}  // namespace minecs::lb
