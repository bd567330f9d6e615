#pragma once
// The health checks: one coroutine per registered, non-draining target of each target group in
// use, probing at the group's interval; it ends when its target leaves or starts draining.
#include <functional>
#include <memory>
#include <set>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "minecs/lb/health.hpp"
#include "minecs/lb/traffic.hpp"

namespace minecs::lb {

struct checker_state {
  traffic::view_fn view;
  // Writes a changed state into the store (called on the io thread).
  std::function<void(const store::elbv2_target_group& group, const store::elbv2_target& target,
                     const health_verdict& verdict)>
      write;
  std::set<std::string> probing;  // target_key()s
  bool closed = false;
};

// Starts a probe for every target of `s` that has none.
void start_probes(const std::shared_ptr<checker_state>& state, boost::asio::io_context& io,
                  const snapshot& s);

// One probe of `host:port` as the check says (an HTTP GET of its path, or a TCP connect).
// By value: a coroutine outlives the full expression that starts it, and so would a reference to
// a caller's temporary.
boost::asio::awaitable<probe_result> probe(store::elbv2_health_check check, std::string host,
                                           int port);

}  // namespace minecs::lb
