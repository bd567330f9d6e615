// An NLB listener's connection: relayed as bytes to one routable target of the listener's
// group, in turn; a connection that no target accepts is closed.
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto relay_result = asio::as_tuple(asio::use_awaitable);

// One direction until EOF; then the other side's sending half is shut, so that its peer sees
// the end while the other direction still flows.
asio::awaitable<void> pump(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to) {
  std::array<char, 16 * 1024> buf;
  for (;;) {
    auto [rec, n] = co_await from->async_read_some(asio::buffer(buf), relay_result);
    boost::system::error_code ignored;
    if (rec) {
      to->shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
    auto [wec, written] =
        co_await asio::async_write(*to, asio::buffer(buf.data(), n), relay_result);
    (void)written;
    if (wec) {
      from->close(ignored);
      to->close(ignored);
      co_return;
    }
  }
}

}  // namespace

asio::awaitable<void> serve_tcp(std::shared_ptr<traffic_state> state,
                                std::shared_ptr<tcp::socket> client, std::string listener_arn) {
  boost::system::error_code ignored;
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
  std::shared_ptr<tcp::socket> upstream;
  if (action != nullptr && action->type == "forward") {
    auto group_arn = pick_group(*action, state->next_turn(listener_arn + "|weights"));
    auto group = view->groups.find(group_arn);
    auto targets = group == view->groups.end() ? std::vector<const store::elbv2_target*>{}
                                               : routable_targets(group->second);
    auto first = targets.empty() ? 0 : state->next_turn(group_arn);
    for (std::size_t i = 0; i < targets.size() && !upstream; ++i) {
      const auto& t = *targets[(first + i) % targets.size()];
      auto address = asio::ip::make_address(target_host(group->second, t), ignored);
      if (ignored) {
        continue;
      }
      auto s = std::make_shared<tcp::socket>(ex);
      asio::steady_timer timer(ex, std::chrono::seconds(10));
      auto r = co_await (
          s->async_connect({address, static_cast<unsigned short>(t.port)}, relay_result) ||
          timer.async_wait(relay_result));
      if (r.index() == 0 && !std::get<0>(std::get<0>(r))) {
        upstream = s;
        state->track(target_key(group_arn, t), s);
      }
    }
  }
  if (upstream) {
    client->set_option(tcp::no_delay(true), ignored);
    upstream->set_option(tcp::no_delay(true), ignored);
    co_await (pump(client, upstream) && pump(upstream, client));
    upstream->close(ignored);
  }
  client->close(ignored);
  state->clients.erase(client);
}

}  // namespace minecs::lb
