#include "minecs/dns/responder.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <optional>

#include "serving.hpp"

namespace minecs::dns {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

struct responder::listener {
  std::string network;
  std::string address;
  std::shared_ptr<udp::socket> socket;
  std::shared_ptr<tcp::acceptor> acceptor;  // null when TCP could not be had
  unsigned short port = 0;
};

responder::responder(store::database& db, settings cfg) : db_(db), cfg_(std::move(cfg)) {
  auto cx = std::make_shared<serving_context>(serving_context{
      table_,
      {cfg_.ttl, cfg_.forward_unknown},
      {},
      {},
      cfg_.upstream_timeout,
      in_flight_,
      cfg_.max_forwards,
  });
  for (const auto& u : cfg_.upstreams) {
    boost::system::error_code bad;
    auto a = asio::ip::make_address(u.address, bad);
    if (!bad) {
      cx->upstream_addresses.push_back(a);
      cx->upstream_ports.push_back(u.port);
    }
  }
  serving_ = std::move(cx);
}

responder::~responder() {
  stop();
}

void responder::add_source(std::unique_ptr<record_source> source) {
  sources_.push_back(std::move(source));
}

void responder::start() {
  stopping_ = false;
  io_.restart();
  work_.emplace(io_.get_executor());
  io_thread_ = std::thread([this] { io_.run(); });
  watch_thread_ = std::thread([this] { watch(); });
}

void responder::stop() {
  if (!stopping_.exchange(true) && watch_thread_.joinable()) {
    db_.changes().notify();  // wakes the watcher
  }
  if (watch_thread_.joinable()) {
    watch_thread_.join();
  }
  {
    std::lock_guard lock(mutex_);
    for (const auto& [network, l] : listeners_) {
      close(l);
    }
    listeners_.clear();
  }
  work_.reset();
  io_.stop();
  if (io_thread_.joinable()) {
    io_thread_.join();
  }
}

void responder::watch() {
  // Every source reads the store alone, so the names change only when the store does: re-reading
  // them while nothing was written would parse every task each `resync` for nothing (with 200
  // idle tasks, about as much CPU as everything else an idle minecs does).
  std::optional<std::uint64_t> refreshed;
  while (!stopping_) {
    auto seen = db_.changes().generation();
    if (seen != refreshed) {
      try {
        refresh();
        refreshed = seen;
      } catch (const std::exception& e) {
        spdlog::error("dns: reading the names failed: {}", e.what());
      }
    }
    if (stopping_) {
      break;
    }
    if (db_.changes().wait_for_change(seen, cfg_.resync) != seen && !stopping_) {
      std::this_thread::sleep_for(cfg_.settle);
    }
  }
}

void responder::refresh() {
  std::lock_guard serial(refresh_mutex_);
  for (const auto& source : sources_) {
    table_.publish(source->name(), source->collect(db_));
  }
}

void responder::close(const std::shared_ptr<listener>& l) {
  // On the io thread, where its loops run; waited for, so that the address is free for the next
  // bind (the io thread never takes mutex_, so holding it here cannot deadlock).
  auto closed = std::make_shared<std::promise<void>>();
  auto done = closed->get_future();
  asio::post(io_, [l, closed] {
    boost::system::error_code ignored;
    l->socket->close(ignored);
    if (l->acceptor) {
      l->acceptor->close(ignored);
    }
    closed->set_value();
  });
  if (done.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    spdlog::warn("dns: the listener on {} did not close in time", l->address);
  }
}

bool responder::serve(const std::string& network, const std::string& address) {
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(address, ec);
  if (ec) {
    return false;
  }
  std::lock_guard lock(mutex_);
  if (stopping_) {
    return false;  // its io thread is gone: nothing would answer
  }
  if (auto it = listeners_.find(network); it != listeners_.end()) {
    if (it->second->address == address) {
      return true;
    }
    close(it->second);  // the network was made again with another subnet
    listeners_.erase(it);
  }
  // Two bridges never hold one address: a listener on it belongs to a network that is gone (a
  // reset removes networks without telling), and the new one takes its place.
  for (auto it = listeners_.begin(); it != listeners_.end();) {
    if (it->second->address == address) {
      close(it->second);
      it = listeners_.erase(it);
    } else {
      ++it;
    }
  }
  auto l = std::make_shared<listener>();
  l->network = network;
  l->address = address;
  // An ephemeral port (tests ask for one) is chosen for UDP; another process may hold it for TCP,
  // so a few fresh ports are tried before UDP alone is accepted.
  const int attempts = cfg_.port == 0 ? 8 : 1;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (l->socket) {
      l->socket->close(ec);
    }
    l->socket = std::make_shared<udp::socket>(io_);
    udp::endpoint local(ip, cfg_.port);
    l->socket->open(local.protocol(), ec);
    if (!ec) {
      l->socket->bind(local, ec);
    }
    if (ec) {
      if (failed_.emplace(network, address).second) {
        spdlog::warn(
            "dns: cannot listen on {}:{} for the tasks of network {} ({}); their containers keep "
            "Docker's own DNS servers, and names minecs owns do not resolve in them",
            address, cfg_.port, network, ec.message());
      }
      return false;
    }
    l->port = l->socket->local_endpoint(ec).port();
    // TCP on the same port, for answers too long for a datagram; UDP alone still serves.
    auto acceptor = std::make_shared<tcp::acceptor>(io_);
    tcp::endpoint stream_local(ip, l->port);
    acceptor->open(stream_local.protocol(), ec);
    if (!ec) {
      acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
      acceptor->bind(stream_local, ec);
    }
    if (!ec) {
      acceptor->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (!ec) {
      l->acceptor = acceptor;
      break;
    }
    if (attempt + 1 == attempts) {
      spdlog::warn("dns: no TCP on {}:{} ({}): answers longer than a datagram fail there", address,
                   l->port, ec.message());
    }
  }
  failed_.erase({network, address});
  listeners_[network] = l;
  spdlog::info("dns: answering the tasks of network {} at {}:{}", network, address, l->port);
  asio::co_spawn(io_, serve_udp(serving_, l->socket), asio::detached);
  if (l->acceptor) {
    asio::co_spawn(io_, serve_tcp(serving_, l->acceptor), asio::detached);
  }
  return true;
}

void responder::retain(const std::set<std::string>& networks) {
  std::lock_guard lock(mutex_);
  for (auto it = listeners_.begin(); it != listeners_.end();) {
    if (networks.contains(it->first)) {
      ++it;
    } else {
      spdlog::info("dns: network {} is gone; no longer listening on {}", it->first,
                   it->second->address);
      close(it->second);
      it = listeners_.erase(it);
    }
  }
}

unsigned short responder::port_of(const std::string& network) const {
  std::lock_guard lock(mutex_);
  auto it = listeners_.find(network);
  return it == listeners_.end() ? 0 : it->second->port;
}

bool responder::serves_tcp(const std::string& network) const {
  std::lock_guard lock(mutex_);
  auto it = listeners_.find(network);
  return it != listeners_.end() && it->second->acceptor != nullptr;
}

}  // namespace minecs::dns
