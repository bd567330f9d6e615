#include "minecs/proxy/load_balancer.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "minecs/store/meta.hpp"

namespace minecs::proxy {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Copies one direction until EOF, then half-closes the other side so that the peer sees the
// end of the request while the response still flows back.
asio::awaitable<void> pump(tcp::socket& from, tcp::socket& to) {
  std::array<char, 16 * 1024> buf;
  for (;;) {
    auto [rec, n] = co_await from.async_read_some(asio::buffer(buf), use_tuple);
    if (rec) {
      boost::system::error_code ignored;
      to.shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
    auto [wec, written] = co_await asio::async_write(to, asio::buffer(buf.data(), n), use_tuple);
    if (wec) {
      // The other direction may be blocked reading `to`: closing it ends that read too.
      boost::system::error_code ignored;
      to.close(ignored);
      co_return;
    }
  }
}

// Connects to the first of `order` that accepts within `timeout`, then relays both ways.
asio::awaitable<void> relay(tcp::socket client, std::vector<target> order,
                            std::chrono::milliseconds timeout, std::string service) {
  auto ex = co_await asio::this_coro::executor;
  tcp::socket upstream(ex);
  bool connected = false;
  for (const auto& t : order) {
    boost::system::error_code ec;
    auto addr = asio::ip::make_address(t.host, ec);
    if (ec) {
      continue;
    }
    upstream = tcp::socket(ex);
    asio::steady_timer timer(ex, timeout);
    auto result =
        co_await (upstream.async_connect({addr, t.port}, use_tuple) || timer.async_wait(use_tuple));
    if (result.index() == 0 && !std::get<0>(std::get<0>(result))) {
      connected = true;
      break;
    }
    spdlog::debug("load balancer of service {}: target {}:{} ({}) did not accept", service, t.host,
                  t.port, t.task_arn);
    upstream.close(ec);
  }
  boost::system::error_code ignored;
  if (!connected) {
    // No healthy target: close at once, as the TCP analogue of an ALB's 503.
    spdlog::debug("load balancer of service {}: no target for a connection", service);
    client.close(ignored);
    co_return;
  }
  client.set_option(tcp::no_delay(true), ignored);
  upstream.set_option(tcp::no_delay(true), ignored);
  co_await (pump(client, upstream) && pump(upstream, client));
}

std::string url_host(const std::string& host) {
  if (host == "0.0.0.0" || host == "::" || host.empty()) {
    return "127.0.0.1";
  }
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

struct load_balancer::listener {
  listener(asio::io_context& io, listener_spec s) : spec(std::move(s)), acceptor(io) {}

  std::vector<target> next_order() {
    std::lock_guard lock(mutex);
    return turn.order(spec.targets);
  }

  // spec.targets is guarded by `mutex`; the rest is fixed once the listener is open.
  listener_spec spec;
  tcp::acceptor acceptor;
  unsigned short port = 0;
  std::mutex mutex;
  round_robin turn;
};

load_balancer::load_balancer(store::database& db, settings cfg) : db_(db), cfg_(std::move(cfg)) {}

load_balancer::~load_balancer() {
  stop();
}

void load_balancer::start() {
  stopping_ = false;
  io_.restart();
  work_.emplace(io_.get_executor());
  io_thread_ = std::thread([this] { io_.run(); });
  watch_thread_ = std::thread([this] { watch(); });
}

void load_balancer::stop() {
  if (!stopping_.exchange(true) && watch_thread_.joinable()) {
    // The watcher sleeps on the store's change signal; a bump is the one way to wake it now.
    db_.changes().notify();
  }
  if (watch_thread_.joinable()) {
    watch_thread_.join();
  }
  work_.reset();
  io_.stop();
  if (io_thread_.joinable()) {
    io_thread_.join();
  }
}

void load_balancer::watch() {
  while (!stopping_) {
    // Read before the refresh: a change made while it reads wakes the next wait at once.
    auto seen = db_.changes().generation();
    try {
      refresh();
    } catch (const std::exception& e) {
      spdlog::error("load balancer: refresh failed: {}", e.what());
    }
    if (stopping_) {
      break;
    }
    db_.changes().wait_for_change(seen, cfg_.resync);
  }
}

void load_balancer::refresh() {
  std::lock_guard serial(refresh_mutex_);
  auto specs = db_.read([&] { return load_listener_specs(db_); });

  std::vector<std::pair<listener_key, unsigned short>> assigned;
  std::vector<std::shared_ptr<listener>> closed;
  {
    std::lock_guard lock(mutex_);
    std::set<listener_key> wanted;
    std::set<unsigned short> reserved;
    for (const auto& s : specs) {
      wanted.insert(s.key);
      if (s.remembered_port) {
        reserved.insert(*s.remembered_port);
      }
    }
    for (auto it = listeners_.begin(); it != listeners_.end();) {
      if (wanted.contains(it->first)) {
        reserved.insert(it->second->port);
        ++it;
      } else {
        closed.push_back(it->second);
        it = listeners_.erase(it);
      }
    }
    std::erase_if(failed_, [&](const listener_key& k) { return !wanted.contains(k); });

    // Listeners that remember a port go first, so that a new one never takes it from them.
    std::vector<const listener_spec*> fresh;
    for (const auto& s : specs) {
      if (auto it = listeners_.find(s.key); it != listeners_.end()) {
        std::lock_guard targets_lock(it->second->mutex);
        if (it->second->spec.targets != s.targets) {
          spdlog::debug("load balancer of service {}: {} target(s)", s.service_name,
                        s.targets.size());
          it->second->spec.targets = s.targets;
        }
      } else if (s.remembered_port) {
        fresh.insert(fresh.begin(), &s);
      } else {
        fresh.push_back(&s);
      }
    }
    for (const auto* s : fresh) {
      open(*s, reserved, assigned);
    }
  }

  for (auto& l : closed) {
    spdlog::info("service {} no longer reachable at {}:{}", l->spec.service_name,
                 url_host(cfg_.host), l->port);
    // Accepted connections carry on until either side closes; only new ones stop.
    asio::post(io_, [l] {
      boost::system::error_code ignored;
      l->acceptor.close(ignored);
    });
  }
  if (!assigned.empty()) {
    db_.write([&] {
      for (const auto& [key, port] : assigned) {
        store::put_meta(db_, port_meta_key(key), std::to_string(port));
      }
    });
  }
}

void load_balancer::open(const listener_spec& spec, std::set<unsigned short>& reserved,
                         std::vector<std::pair<listener_key, unsigned short>>& assigned) {
  auto l = std::make_shared<listener>(io_, spec);
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(cfg_.host, ec);
  if (ec) {
    spdlog::error("load balancer: invalid host {}: {}", cfg_.host, ec.message());
    return;
  }

  auto try_bind = [&](unsigned short port) {
    boost::system::error_code bec;
    tcp::acceptor& a = l->acceptor;
    if (a.is_open()) {
      a.close(bec);
    }
    a.open(addr.is_v6() ? tcp::v6() : tcp::v4(), bec);
    // A port of the previous run may linger in TIME_WAIT: the remembered port must still bind.
    a.set_option(tcp::acceptor::reuse_address(true), bec);
    a.bind({addr, port}, bec);
    if (!bec) {
      a.listen(asio::socket_base::max_listen_connections, bec);
    }
    if (bec) {
      a.close(bec);
      return false;
    }
    l->port = a.local_endpoint().port();
    return true;
  };

  bool bound = spec.remembered_port && try_bind(*spec.remembered_port);
  if (!bound && spec.remembered_port) {
    spdlog::warn("service {}: port {} is taken, its load balancer moves to another",
                 spec.service_name, *spec.remembered_port);
  }
  if (!bound && cfg_.port_base == 0) {
    bound = try_bind(0);
  }
  for (int i = 0; !bound && cfg_.port_base > 0 && i < cfg_.port_scan; ++i) {
    long port = static_cast<long>(cfg_.port_base) + i;
    if (port > 65535) {
      break;
    }
    if (!reserved.contains(static_cast<unsigned short>(port))) {
      bound = try_bind(static_cast<unsigned short>(port));
    }
  }
  if (!bound) {
    if (failed_.insert(spec.key).second) {
      spdlog::error("service {}: no free port for its load balancer ({}:{})", spec.service_name,
                    spec.key.container_name, spec.key.container_port);
    }
    return;
  }
  failed_.erase(spec.key);
  reserved.insert(l->port);
  if (spec.remembered_port != l->port) {
    assigned.emplace_back(spec.key, l->port);
  }
  listeners_.emplace(spec.key, l);
  spdlog::info("service {} reachable at http://{}:{} (container {} port {}, cluster {})",
               spec.service_name, url_host(cfg_.host), l->port, spec.key.container_name,
               spec.key.container_port, spec.cluster_name);

  auto timeout = cfg_.connect_timeout;
  asio::co_spawn(
      io_,
      [l, timeout]() -> asio::awaitable<void> {
        auto ex = co_await asio::this_coro::executor;
        for (;;) {
          auto [accept_ec, socket] = co_await l->acceptor.async_accept(use_tuple);
          if (accept_ec) {
            if (accept_ec == asio::error::operation_aborted || !l->acceptor.is_open()) {
              co_return;
            }
            // E.g. out of descriptors: pause instead of spinning on the error.
            asio::steady_timer pause(ex, std::chrono::milliseconds(100));
            co_await pause.async_wait(use_tuple);
            continue;
          }
          asio::co_spawn(ex,
                         relay(std::move(socket), l->next_order(), timeout, l->spec.service_name),
                         asio::detached);
        }
      },
      asio::detached);
}

std::vector<endpoint> load_balancer::endpoints() const {
  std::lock_guard lock(mutex_);
  std::vector<endpoint> out;
  for (const auto& [key, l] : listeners_) {
    endpoint e;
    e.key = key;
    e.service_name = l->spec.service_name;
    e.cluster_name = l->spec.cluster_name;
    e.port = l->port;
    e.url = "http://" + url_host(cfg_.host) + ":" + std::to_string(l->port);
    {
      std::lock_guard targets_lock(l->mutex);
      e.targets = l->spec.targets;
    }
    out.push_back(std::move(e));
  }
  return out;
}

json endpoints_json(const std::vector<endpoint>& endpoints) {
  json out = json::array();
  for (const auto& e : endpoints) {
    json targets = json::array();
    for (const auto& t : e.targets) {
      targets.push_back(
          {{"taskArn", t.task_arn}, {"address", t.host + ":" + std::to_string(t.port)}});
    }
    out.push_back({{"serviceArn", e.key.service_arn},
                   {"serviceName", e.service_name},
                   {"clusterName", e.cluster_name},
                   {"containerName", e.key.container_name},
                   {"containerPort", e.key.container_port},
                   {"port", e.port},
                   {"url", e.url},
                   {"targets", targets}});
  }
  return out;
}

}  // namespace minecs::proxy
