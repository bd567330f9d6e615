#include "minecs/dns/responder.hpp"

#include <spdlog/spdlog.h>

#include <future>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "answer.hpp"
#include "wire.hpp"

namespace minecs::dns {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_datagram = 65535;

std::uint16_t id_of(const std::uint8_t* packet) {
  return static_cast<std::uint16_t>(packet[0] << 8 | packet[1]);
}

// Asks one upstream: the first answer from it that carries the query's id, or nothing by the
// deadline. A connected socket of its own per query: only that server's datagrams reach it,
// and the source port is fresh each time.
asio::awaitable<std::optional<std::vector<std::uint8_t>>> ask(
    const udp::endpoint& server, const std::vector<std::uint8_t>& query,
    std::chrono::milliseconds timeout) {
  auto ex = co_await asio::this_coro::executor;
  udp::socket s(ex);
  boost::system::error_code ec;
  s.open(server.protocol(), ec);
  if (!ec) {
    s.connect(server, ec);
  }
  if (ec) {
    co_return std::nullopt;
  }
  auto [sent_ec, sent] = co_await s.async_send(asio::buffer(query), use_tuple);
  if (sent_ec) {
    co_return std::nullopt;
  }
  asio::steady_timer deadline(ex, timeout);
  std::vector<std::uint8_t> buf(max_datagram);
  for (;;) {
    auto got =
        co_await (s.async_receive(asio::buffer(buf), use_tuple) || deadline.async_wait(use_tuple));
    if (got.index() == 1) {
      co_return std::nullopt;
    }
    auto [rec, n] = std::get<0>(got);
    if (rec) {
      co_return std::nullopt;  // refused: nobody listens there
    }
    if (n >= header_size && id_of(buf.data()) == id_of(query.data()) && (buf[2] & 0x80) != 0) {
      buf.resize(n);
      co_return buf;
    }
  }
}

}  // namespace

struct responder::listener {
  listener(asio::io_context& io, std::string net, std::string addr)
      : network(std::move(net)), address(std::move(addr)), socket(io) {}
  std::string network;
  std::string address;
  udp::socket socket;
  unsigned short port = 0;
};

namespace {

struct forward_slot {
  std::atomic<int>& count;
  ~forward_slot() { --count; }
};

}  // namespace

responder::responder(store::database& db, settings cfg) : db_(db), cfg_(std::move(cfg)) {}

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
  while (!stopping_) {
    auto seen = db_.changes().generation();
    try {
      refresh();
    } catch (const std::exception& e) {
      spdlog::error("dns: reading the names failed: {}", e.what());
    }
    if (stopping_) {
      break;
    }
    db_.changes().wait_for_change(seen, cfg_.resync);
    if (!stopping_) {
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
  // On the io thread, where its receive loop runs; waited for, so that the address is free for
  // the next bind (the io thread never waits for mutex_, so holding it here cannot deadlock).
  auto closed = std::make_shared<std::promise<void>>();
  auto done = closed->get_future();
  asio::post(io_, [l, closed] {
    boost::system::error_code ignored;
    l->socket.close(ignored);
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
  auto l = std::make_shared<listener>(io_, network, address);
  udp::endpoint local(ip, cfg_.port);
  l->socket.open(local.protocol(), ec);
  if (!ec) {
    l->socket.bind(local, ec);
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
  failed_.erase({network, address});
  l->port = l->socket.local_endpoint(ec).port();
  listeners_[network] = l;
  spdlog::info("dns: answering the tasks of network {} at {}:{}", network, address, l->port);

  asio::co_spawn(
      io_,
      [this, l]() -> asio::awaitable<void> {
        std::vector<std::uint8_t> buf(max_datagram);
        answer_settings answers{cfg_.ttl, cfg_.forward_unknown};
        std::vector<udp::endpoint> servers;
        for (const auto& u : cfg_.upstreams) {
          boost::system::error_code bad;
          auto a = asio::ip::make_address(u.address, bad);
          if (!bad) {
            servers.emplace_back(a, u.port);
          }
        }
        for (;;) {
          udp::endpoint from;
          auto [rec, n] = co_await l->socket.async_receive_from(asio::buffer(buf), from, use_tuple);
          if (rec) {
            if (rec == asio::error::operation_aborted || !l->socket.is_open()) {
              co_return;
            }
            continue;
          }
          auto d = decide(std::span<const std::uint8_t>(buf.data(), n), table_, answers);
          if (d.what == verdict::reply) {
            co_await l->socket.async_send_to(asio::buffer(d.reply), from, use_tuple);
          } else if (d.what == verdict::forward && in_flight_ < cfg_.max_forwards) {
            ++in_flight_;
            std::vector<std::uint8_t> query(buf.begin(),
                                            buf.begin() + static_cast<std::ptrdiff_t>(n));
            asio::co_spawn(
                io_,
                [this, l, from, servers, q = std::move(query)]() -> asio::awaitable<void> {
                  forward_slot slot{in_flight_};
                  std::optional<std::vector<std::uint8_t>> answer;
                  for (const auto& server : servers) {
                    answer = co_await ask(server, q, cfg_.upstream_timeout);
                    if (answer) {
                      break;
                    }
                  }
                  auto out = answer ? std::move(*answer) : server_failure(q);
                  if (!out.empty()) {
                    co_await l->socket.async_send_to(asio::buffer(out), from, use_tuple);
                  }
                },
                asio::detached);
          }
        }
      },
      asio::detached);
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

}  // namespace minecs::dns
