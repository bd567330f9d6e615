#include "minecs/lb/traffic.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "minecs/core/ipv4.hpp"
#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

asio::awaitable<void> accept_loop(std::shared_ptr<traffic_state> state,
                                  std::shared_ptr<tcp::acceptor> acceptor, std::string arn,
                                  bool http) {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor->is_open() || state->closed) {
      co_return;
    }
    if (ec) {
      continue;  // e.g. out of descriptors for a moment
    }
    auto client = std::make_shared<tcp::socket>(std::move(socket));
    state->clients.insert(client);
    auto ex = acceptor->get_executor();
    if (http) {
      asio::co_spawn(ex, serve_http(state, client, arn), asio::detached);
    } else {
      asio::co_spawn(ex, serve_tcp(state, client, arn), asio::detached);
    }
  }
}

}  // namespace

void traffic_state::track(const std::string& key, const std::shared_ptr<tcp::socket>& s) {
  for (auto it = upstreams.begin(); it != upstreams.end();) {
    it = it->second.expired() ? upstreams.erase(it) : std::next(it);
  }
  upstreams.emplace(key, s);
}

std::string target_key(const std::string& group, const store::elbv2_target& t) {
  return group + "|" + t.id + "|" + std::to_string(t.port);
}

traffic::traffic(asio::io_context& io, view_fn view)
    : io_(io), state_(std::make_shared<traffic_state>()) {
  state_->view = std::move(view);
}

traffic::~traffic() = default;

void traffic::apply(const snapshot& s) {
  auto& mine = *state_;
  for (auto it = mine.open_listeners.begin(); it != mine.open_listeners.end();) {
    auto now = s.listeners.find(it->first);
    if (now == s.listeners.end() || !(now->second == it->second.listener)) {
      boost::system::error_code ignored;
      it->second.acceptor->close(ignored);
      it = mine.open_listeners.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [arn, l] : s.listeners) {
    if (mine.open_listeners.contains(arn) || (l.protocol != "HTTP" && l.protocol != "TCP")) {
      continue;
    }
    auto acceptor = std::make_shared<tcp::acceptor>(io_);
    boost::system::error_code ec;
    tcp::endpoint ep(asio::ip::address_v4(l.address), static_cast<unsigned short>(l.port));
    acceptor->open(ep.protocol(), ec);
    if (!ec) {
      acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
      acceptor->bind(ep, ec);
    }
    if (!ec) {
      acceptor->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      if (!mine.warned.insert(arn).second) {
        continue;
      }
      spdlog::warn("load balancers: listener {} cannot listen on {}:{}: {}", arn,
                   ipv4_address_string(l.address), l.port, ec.message());
      continue;
    }
    spdlog::info("load balancers: {} listener on {}:{}", l.protocol, ipv4_address_string(l.address),
                 acceptor->local_endpoint(ec).port());
    mine.open_listeners[arn] = {l, acceptor};
    asio::co_spawn(io_, accept_loop(state_, acceptor, arn, l.protocol == "HTTP"), asio::detached);
  }
}

void traffic::enforce_draining(const snapshot& s, double now) {
  for (auto it = state_->upstreams.begin(); it != state_->upstreams.end();) {
    auto socket = it->second.lock();
    if (!socket) {
      it = state_->upstreams.erase(it);
      continue;
    }
    // The key is group|id|port: find the target it names.
    const auto& key = it->first;
    auto bar = key.find('|');
    auto group = s.groups.find(key.substr(0, bar));
    bool keep = false;
    if (group != s.groups.end()) {
      for (const auto& t : group->second.targets) {
        if (target_key(group->first, t) == key) {
          keep = t.drain_until == 0 || t.drain_until > now;
        }
      }
    }
    if (keep) {
      ++it;
      continue;
    }
    boost::system::error_code ignored;
    socket->close(ignored);
    it = state_->upstreams.erase(it);
  }
}

void traffic::close_all() {
  state_->closed = true;
  auto& mine = *state_;
  boost::system::error_code ignored;
  for (auto& [arn, l] : mine.open_listeners) {
    l.acceptor->close(ignored);
  }
  mine.open_listeners.clear();
  for (const auto& c : state_->clients) {
    c->close(ignored);
  }
  for (auto& [key, weak] : state_->upstreams) {
    if (auto s = weak.lock()) {
      s->close(ignored);
    }
  }
}

unsigned short traffic::port_of(const std::string& listener_arn) const {
  auto& mine = *state_;
  auto it = mine.open_listeners.find(listener_arn);
  if (it == mine.open_listeners.end()) {
    return 0;
  }
  boost::system::error_code ec;
  auto ep = it->second.acceptor->local_endpoint(ec);
  return ec ? 0 : ep.port();
}

}  // namespace minecs::lb
