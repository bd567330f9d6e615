#pragma once
// The listeners that carry traffic: an HTTP/1.1 reverse proxy per HTTP or HTTPS listener (an
// ALB's), a TCP relay per TCP or TLS listener and a UDP relay per UDP listener (an NLB's; TCP_UDP
// has both on one port), on the balancer's address and the listener's port. They run on one
// io_context (one thread), which owns every socket; they read the current snapshot for each
// request, connection or new UDP flow.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/io_context.hpp>

#include "minecs/lb/snapshot.hpp"

namespace minecs::lb {

struct traffic_state;  // private

// How many requests each target group was sent since start (an ALB's RequestCount per group, which
// ALBRequestCountPerTarget divides by the group's targets). Written on the io thread, read from
// any.
class request_counts {
 public:
  void add(const std::string& group_arn) {
    std::lock_guard lock(mutex_);
    ++counts_[group_arn];
  }
  std::uint64_t of(const std::string& group_arn) const {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(group_arn);
    return it == counts_.end() ? 0 : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t, std::less<>> counts_;
};

class traffic {
 public:
  using view_fn = std::function<std::shared_ptr<const snapshot>()>;
  traffic(boost::asio::io_context& io, view_fn view);
  ~traffic();
  traffic(const traffic&) = delete;
  traffic& operator=(const traffic&) = delete;

  // On the io thread: listens for the listeners of `s` that are not listening yet, stops those
  // that are gone or moved.
  void apply(const snapshot& s);
  // On the io thread: closes the connections to targets that left their group or whose
  // deregistration delay ended, as an ALB ends a draining target's connections.
  void enforce_draining(const snapshot& s, double now);
  // On the io thread: stops every listener and connection.
  void close_all();
  // The port a listener is bound to (tests bind port 0); 0 when it does not listen.
  unsigned short port_of(const std::string& listener_arn) const;
  // The requests sent to each target group; any thread.
  const std::shared_ptr<request_counts>& requests() const { return requests_; }
  // On the io thread: how many connections to targets are tracked for draining (tests).
  std::size_t tracked_upstreams() const;

 private:
  boost::asio::io_context& io_;
  std::shared_ptr<traffic_state> state_;
  std::shared_ptr<request_counts> requests_;
};

}  // namespace minecs::lb
