// An NLB listener's connection: relayed as bytes to one routable target of the listener's
// group, in turn; a connection that no target accepts is closed. A TLS listener ends TLS first,
// and speaks TLS to the target when its group's protocol is TLS.
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "tls.hpp"
#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

// Not anonymous: GCC 12 refuses a coroutine frame of anonymous-namespace types in a function
// outside it (-Wsubobject-linkage).
namespace tcp_relay_detail {

using relay_tls = ssl::stream<tcp::socket&>;
constexpr auto relay_result = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds relay_handshake_timeout{10};

// A connection of the relay: a socket, with TLS over it when `tls` is set.
struct end {
  std::shared_ptr<tcp::socket> socket;
  std::unique_ptr<relay_tls> tls;
};

// One direction until EOF; then the other side's sending half is shut, so that its peer sees
// the end while the other direction still flows. TLS has no half close that every peer takes
// (close_notify ends the session): towards a TLS end, the end of one direction ends both.
asio::awaitable<void> pump(end& from, end& to) {
  std::array<char, 16 * 1024> buf;
  for (;;) {
    auto [rec, n] = from.tls
                        ? co_await from.tls->async_read_some(asio::buffer(buf), relay_result)
                        : co_await from.socket->async_read_some(asio::buffer(buf), relay_result);
    boost::system::error_code ignored;
    if (rec) {
      if (to.tls) {
        from.socket->close(ignored);
        to.socket->close(ignored);
      } else {
        to.socket->shutdown(tcp::socket::shutdown_send, ignored);
      }
      co_return;
    }
    auto data = asio::buffer(buf.data(), n);
    auto [wec, written] = to.tls ? co_await asio::async_write(*to.tls, data, relay_result)
                                 : co_await asio::async_write(*to.socket, data, relay_result);
    (void)written;
    if (wec) {
      from.socket->close(ignored);
      to.socket->close(ignored);
      co_return;
    }
  }
}

// The TLS handshake on `e`'s socket within the relay's timeout; false when it failed.
asio::awaitable<bool> handshake(end& e, ssl::context& ctx, ssl::stream_base::handshake_type as) {
  e.tls = std::make_unique<relay_tls>(*e.socket, ctx);
  // The timer cancels the socket's reads and writes, which ends the handshake.
  asio::steady_timer timer(e.socket->get_executor(), relay_handshake_timeout);
  timer.async_wait([s = std::weak_ptr(e.socket)](boost::system::error_code ec) {
    if (auto p = s.lock(); p && !ec) {
      p->cancel(ec);
    }
  });
  auto [hec] = co_await e.tls->async_handshake(as, relay_result);
  timer.cancel();
  co_return !hec;
}

}  // namespace tcp_relay_detail

using namespace tcp_relay_detail;  // NOLINT(google-build-using-namespace)

asio::awaitable<void> serve_tcp(std::shared_ptr<traffic_state> state,
                                std::shared_ptr<tcp::socket> client, std::string listener_arn,
                                std::shared_ptr<ssl::context> tls) {
  boost::system::error_code ignored;
  end from{client, nullptr};
  if (tls && !co_await handshake(from, *tls, ssl::stream_base::server)) {
    from.tls.reset();
    client->close(ignored);
    state->clients.erase(client);
    co_return;
  }
  auto view = state->view();
  const listener_view* l = nullptr;
  if (view) {
    auto it = view->listeners.find(listener_arn);
    l = it == view->listeners.end() ? nullptr : &it->second;
  }
  const store::elbv2_action* action = nullptr;
  if (l != nullptr && !l->rules.empty()) {
    request_view none;
    action = choose_action(l->rules, none);
  }
  auto ex = co_await asio::this_coro::executor;
  end to{nullptr, nullptr};
  if (action != nullptr && action->type == "forward") {
    auto group_arn = pick_group(*action, state->next_turn(listener_arn + "|weights"));
    auto group = view->groups.find(group_arn);
    auto targets = group == view->groups.end() ? std::vector<const store::elbv2_target*>{}
                                               : routable_targets(group->second);
    auto first = targets.empty() ? 0 : state->next_turn(group_arn);
    for (std::size_t i = 0; i < targets.size() && !to.socket; ++i) {
      const auto& t = *targets[(first + i) % targets.size()];
      auto address = asio::ip::make_address(target_host(group->second, t), ignored);
      if (ignored) {
        continue;
      }
      auto s = std::make_shared<tcp::socket>(ex);
      asio::steady_timer timer(ex, l->connect_timeout);
      auto r = co_await (
          s->async_connect({address, static_cast<unsigned short>(t.port)}, relay_result) ||
          timer.async_wait(relay_result));
      if (r.index() != 0 || std::get<0>(std::get<0>(r))) {
        continue;
      }
      end candidate{s, nullptr};
      if (group->second.protocol == "TLS" &&
          !co_await handshake(candidate, target_tls_context(), ssl::stream_base::client)) {
        candidate.tls.reset();
        s->close(ignored);
        continue;
      }
      to = std::move(candidate);
      state->track(target_key(group_arn, t), s);
    }
  }
  if (to.socket) {
    client->set_option(tcp::no_delay(true), ignored);
    to.socket->set_option(tcp::no_delay(true), ignored);
    co_await (pump(from, to) && pump(to, from));
    to.tls.reset();
    to.socket->close(ignored);
  }
  from.tls.reset();
  client->close(ignored);
  state->clients.erase(client);
}

}  // namespace minecs::lb
