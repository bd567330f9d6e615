#include "minecs/lb/traffic.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "minecs/core/ipv4.hpp"
#include "tls.hpp"
#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

asio::awaitable<void> accept_loop(std::shared_ptr<traffic_state> state,
                                  std::shared_ptr<tcp::acceptor> acceptor, std::string arn,
                                  bool http, std::shared_ptr<asio::ssl::context> tls) {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || !acceptor->is_open() || state->closed) {
      co_return;
    }
    if (ec) {
      continue;  // e.g. out of descriptors for a moment
    }
    auto client = std::make_shared<tcp::socket>(std::move(socket));
    if (http) {
      // An answer goes out in one write, but Nagle would hold it while the client delays its ACK.
      boost::system::error_code ignored;
      client->set_option(tcp::no_delay(true), ignored);
    }
    state->clients.insert(client);
    auto ex = acceptor->get_executor();
    if (http) {
      asio::co_spawn(ex, serve_http(state, client, arn, tls), asio::detached);
    } else {
      asio::co_spawn(ex, serve_tcp(state, client, arn, tls), asio::detached);
    }
  }
}

bool served(const std::string& protocol) {
  return protocol == "HTTP" || protocol == "HTTPS" || protocol == "TCP" || protocol == "TLS" ||
         protocol == "UDP" || protocol == "TCP_UDP";
}

template <class Socket>
void open_bound(Socket& socket, const typename Socket::endpoint_type& ep,
                boost::system::error_code& ec) {
  socket.open(ep.protocol(), ec);
  if (!ec) {
    socket.set_option(typename Socket::reuse_address(true), ec);
  }
  if (!ec) {
    socket.bind(ep, ec);
  }
}

// The sockets of a listener, bound and listening; an error says why not.
listening open_listener(asio::io_context& io, const listener_view& l, boost::system::error_code& ec,
                        std::string& why) {
  listening out{l, nullptr, nullptr, nullptr};
  auto address = asio::ip::address_v4(l.address);
  auto port = static_cast<unsigned short>(l.port);
  if (l.protocol == "HTTPS" || l.protocol == "TLS") {
    if (!l.certificate) {
      why = "no certificate";
      ec = asio::error::operation_not_supported;
      return out;
    }
    try {
      out.tls = server_tls_context(*l.certificate);
    } catch (const boost::system::system_error& e) {
      why = "the certificate does not load";
      ec = e.code();
      return out;
    }
  }
  if (l.protocol != "UDP") {
    out.acceptor = std::make_shared<tcp::acceptor>(io);
    open_bound(*out.acceptor, tcp::endpoint(address, port), ec);
    if (!ec) {
      out.acceptor->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return out;
    }
    // TCP_UDP on port 0 (tests): the UDP side takes the port the TCP side got.
    port = out.acceptor->local_endpoint(ec).port();
  }
  if (l.protocol == "UDP" || l.protocol == "TCP_UDP") {
    out.datagrams = std::make_shared<asio::ip::udp::socket>(io);
    open_bound(*out.datagrams, asio::ip::udp::endpoint(address, port), ec);
  }
  return out;
}

void close_listener(listening& l) {
  boost::system::error_code ignored;
  if (l.acceptor) {
    l.acceptor->close(ignored);
  }
  if (l.datagrams) {
    l.datagrams->close(ignored);
  }
}

}  // namespace

void traffic_state::track(const std::string& key, const std::shared_ptr<tcp::socket>& s) {
  for (auto it = upstreams.begin(); it != upstreams.end();) {
    it = it->second.expired() ? upstreams.erase(it) : std::next(it);
  }
  upstreams.emplace(key, s);
}

std::size_t traffic::tracked_upstreams() const {
  return state_->upstreams.size();
}

std::string target_key(const std::string& group, const store::elbv2_target& t) {
  return group + "|" + t.id + "|" + std::to_string(t.port);
}

traffic::traffic(asio::io_context& io, view_fn view)
    : io_(io),
      state_(std::make_shared<traffic_state>()),
      requests_(std::make_shared<request_counts>()) {
  state_->view = std::move(view);
  state_->requests = requests_;
}

traffic::~traffic() = default;

void traffic::apply(const snapshot& s) {
  auto& mine = *state_;
  for (auto it = mine.open_listeners.begin(); it != mine.open_listeners.end();) {
    auto now = s.listeners.find(it->first);
    if (now == s.listeners.end() || !(now->second == it->second.listener)) {
      close_listener(it->second);
      it = mine.open_listeners.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [arn, l] : s.listeners) {
    if (mine.open_listeners.contains(arn) || !served(l.protocol)) {
      continue;
    }
    boost::system::error_code ec;
    std::string why;
    auto opened = open_listener(io_, l, ec, why);
    if (ec) {
      close_listener(opened);
      if (!mine.warned.insert(arn).second) {
        continue;
      }
      spdlog::warn("load balancers: {} listener {} cannot listen on {}:{}: {}", l.protocol, arn,
                   ipv4_address_string(l.address), l.port, why.empty() ? ec.message() : why);
      continue;
    }
    auto port = opened.acceptor ? opened.acceptor->local_endpoint(ec).port()
                                : opened.datagrams->local_endpoint(ec).port();
    spdlog::info("load balancers: {} listener on {}:{}", l.protocol, ipv4_address_string(l.address),
                 port);
    mine.warned.erase(arn);
    mine.open_listeners[arn] = opened;
    if (opened.acceptor) {
      bool http = l.protocol == "HTTP" || l.protocol == "HTTPS";
      asio::co_spawn(io_, accept_loop(state_, opened.acceptor, arn, http, opened.tls),
                     asio::detached);
    }
    if (opened.datagrams) {
      asio::co_spawn(io_, serve_udp(state_, opened.datagrams, arn), asio::detached);
    }
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
    close_listener(l);
  }
  mine.open_listeners.clear();
  for (const auto& c : state_->clients) {
    c->close(ignored);
  }
  for (const auto& f : state_->flows) {
    f->close(ignored);
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
  auto port = it->second.acceptor ? it->second.acceptor->local_endpoint(ec).port()
                                  : it->second.datagrams->local_endpoint(ec).port();
  return ec ? 0 : port;
}

}  // namespace minecs::lb
