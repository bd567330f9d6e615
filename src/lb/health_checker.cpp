#include "health_checker.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "tls.hpp"
#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto probe_result_of = asio::as_tuple(asio::use_awaitable);

// The status of GET path, or -1 when the connection failed.
template <class Stream>
asio::awaitable<int> http_status(Stream& socket, const store::elbv2_health_check& check,
                                 const std::string& host, int port) {
  http::request<http::empty_body> req{http::verb::get, check.path.empty() ? "/" : check.path, 11};
  req.set(http::field::host, host + ":" + std::to_string(port));
  req.set(http::field::user_agent, "ELB-HealthChecker/2.0");
  req.keep_alive(false);
  auto [wec, w] = co_await http::async_write(socket, req, probe_result_of);
  (void)w;
  if (wec) {
    co_return -1;
  }
  boost::beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  auto [rec, r] = co_await http::async_read_header(socket, buffer, parser, probe_result_of);
  (void)r;
  if (rec) {
    co_return -1;
  }
  co_return static_cast<int>(parser.get().result_int());
}

asio::awaitable<probe_result> attempt(const store::elbv2_health_check& check,
                                      const std::string& host, int port) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    co_return probe_failed();
  }
  tcp::socket socket(co_await asio::this_coro::executor);
  auto [cec] =
      co_await socket.async_connect({address, static_cast<unsigned short>(port)}, probe_result_of);
  if (cec) {
    co_return probe_failed();
  }
  if (check.protocol != "HTTP" && check.protocol != "HTTPS") {
    co_return probe_passed();
  }
  int status = -1;
  if (check.protocol == "HTTPS") {
    // Without verifying the target's certificate, as ELB does not.
    asio::ssl::stream<tcp::socket&> tls(socket, target_tls_context());
    auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::client, probe_result_of);
    if (!hec) {
      status = co_await http_status(tls, check, host, port);
    }
  } else {
    status = co_await http_status(socket, check, host, port);
  }
  if (status < 0) {
    co_return probe_failed();
  }
  auto ranges = parse_matcher(check.matcher_http.empty() ? "200" : check.matcher_http);
  if (ranges && matcher_accepts(*ranges, status)) {
    co_return probe_passed();
  }
  co_return probe_code_mismatch(status);
}

const store::elbv2_target* find_target(const snapshot& s, const std::string& group_arn,
                                       const std::string& key,
                                       const store::elbv2_target_group** g) {
  auto group = s.groups.find(group_arn);
  if (group == s.groups.end()) {
    return nullptr;
  }
  *g = &group->second;
  for (const auto& t : group->second.targets) {
    if (target_key(group_arn, t) == key && t.drain_until == 0) {
      return &t;
    }
  }
  return nullptr;
}

asio::awaitable<void> watch_target(std::shared_ptr<checker_state> state, std::string group_arn,
                                   std::string key, std::string initial) {
  health_tracker tracker(std::move(initial));
  asio::steady_timer pause(co_await asio::this_coro::executor);
  for (;;) {
    auto view = state->view();
    const store::elbv2_target_group* group = nullptr;
    const auto* target =
        view && !state->closed ? find_target(*view, group_arn, key, &group) : nullptr;
    if (target == nullptr) {
      break;
    }
    auto check = group->health_check;
    auto t = *target;
    if (t.state != tracker.state()) {
      // Registered anew while this probe slept (the store says `initial` again), or changed
      // by someone else: count from the store's state.
      tracker = health_tracker(t.state);
    }
    auto host = target_host(*group, t);
    auto result = co_await probe(check, host, health_check_port(check, t));
    if (state->closed) {
      break;
    }
    if (auto verdict = tracker.record(result, std::max(check.healthy_threshold, 1),
                                      std::max(check.unhealthy_threshold, 1))) {
      state->write(*group, t, *verdict);
    }
    pause.expires_after(std::chrono::seconds(std::max(check.interval_seconds, 1)));
    auto [ec] = co_await pause.async_wait(probe_result_of);
    if (ec) {
      break;
    }
  }
  state->probing.erase(key);
}

}  // namespace

asio::awaitable<probe_result> probe(store::elbv2_health_check check, std::string host, int port) {
  asio::steady_timer timer(co_await asio::this_coro::executor,
                           std::chrono::seconds(std::max(check.timeout_seconds, 1)));
  auto r = co_await (attempt(check, host, port) || timer.async_wait(asio::use_awaitable));
  if (r.index() == 1) {
    co_return probe_timed_out();
  }
  co_return std::get<0>(r);
}

void start_probes(const std::shared_ptr<checker_state>& state, asio::io_context& io,
                  const snapshot& s) {
  if (state->closed) {
    return;
  }
  for (const auto& [arn, group] : s.groups) {
    if (s.unprobed.contains(arn)) {
      continue;
    }
    for (const auto& t : group.targets) {
      auto key = target_key(arn, t);
      if (t.drain_until > 0 || !state->probing.insert(key).second) {
        continue;
      }
      asio::co_spawn(io, watch_target(state, arn, key, t.state), asio::detached);
    }
  }
}

}  // namespace minecs::lb
