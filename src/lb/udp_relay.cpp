// An NLB's UDP listener (UDP, and the UDP half of TCP_UDP): each client address and port is a
// flow, given one routable target by its first datagram and relayed over a socket of its own
// connected to that target; the target's replies go back to the client from the listener's
// address and port. A flow with no datagram either way for the listener's UDP idle timeout (an
// NLB's 120 s) is forgotten, and the client's next datagram starts a new one.
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>

#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace asio::experimental::awaitable_operators;

// Not anonymous: GCC 12 refuses a coroutine frame of anonymous-namespace types in a function
// outside it (-Wsubobject-linkage).
namespace udp_relay_detail {

constexpr auto udp_result = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_datagram = 64 * 1024;

struct flow {
  std::shared_ptr<udp::socket> upstream;
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
};
using flow_table = std::map<udp::endpoint, std::shared_ptr<flow>>;

void end_flow(traffic_state& state, flow_table& table, const udp::endpoint& client,
              const std::shared_ptr<flow>& f) {
  boost::system::error_code ignored;
  f->upstream->close(ignored);
  state.flows.erase(f->upstream);
  auto it = table.find(client);
  if (it != table.end() && it->second == f) {
    table.erase(it);
  }
}

// The target's datagrams back to the client, until the flow has been idle long enough.
asio::awaitable<void> replies(std::shared_ptr<traffic_state> state,
                              std::shared_ptr<udp::socket> listener,
                              std::shared_ptr<flow_table> table, udp::endpoint client,
                              std::shared_ptr<flow> f, std::chrono::milliseconds idle) {
  std::vector<char> buf(max_datagram);
  asio::steady_timer timer(listener->get_executor());
  for (;;) {
    auto left = f->last + idle - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      break;
    }
    timer.expires_after(left);
    auto r = co_await (f->upstream->async_receive(asio::buffer(buf), udp_result) ||
                       timer.async_wait(udp_result));
    if (r.index() == 1) {
      continue;  // the client may have sent meanwhile: the loop looks at `last` again
    }
    auto [ec, n] = std::get<0>(r);
    if (ec == asio::error::connection_refused) {
      continue;  // an ICMP port unreachable for an earlier datagram: UDP goes on
    }
    if (ec || !listener->is_open()) {
      break;
    }
    f->last = std::chrono::steady_clock::now();
    co_await listener->async_send_to(asio::buffer(buf.data(), n), client, udp_result);
  }
  end_flow(*state, *table, client, f);
}

// A new flow for `client` to the next routable target of the listener's group; null when there
// is none.
std::shared_ptr<flow> open_flow(traffic_state& state, const std::string& listener_arn,
                                const asio::any_io_executor& ex) {
  auto view = state.view();
  if (!view) {
    return nullptr;
  }
  auto l = view->listeners.find(listener_arn);
  if (l == view->listeners.end() || l->second.rules.empty()) {
    return nullptr;
  }
  const auto* action = choose_action(l->second.rules, request_view{});
  if (action == nullptr || action->type != "forward") {
    return nullptr;
  }
  auto group_arn = pick_group(*action, state.next_turn(listener_arn + "|weights"));
  auto group = view->groups.find(group_arn);
  if (group == view->groups.end()) {
    return nullptr;
  }
  auto targets = routable_targets(group->second);
  if (targets.empty()) {
    return nullptr;
  }
  const auto& t = *targets[state.next_turn(group_arn) % targets.size()];
  boost::system::error_code ec;
  auto address = asio::ip::make_address(target_host(group->second, t), ec);
  if (ec) {
    return nullptr;
  }
  auto f = std::make_shared<flow>();
  f->upstream = std::make_shared<udp::socket>(ex);
  f->upstream->open(udp::v4(), ec);
  if (!ec) {
    f->upstream->connect({address, static_cast<unsigned short>(t.port)}, ec);
  }
  if (ec) {
    return nullptr;
  }
  state.flows.insert(f->upstream);
  return f;
}

}  // namespace udp_relay_detail

using namespace udp_relay_detail;  // NOLINT(google-build-using-namespace)

asio::awaitable<void> serve_udp(std::shared_ptr<traffic_state> state,
                                std::shared_ptr<udp::socket> socket, std::string listener_arn) {
  auto table = std::make_shared<flow_table>();
  std::vector<char> buf(max_datagram);
  auto ex = socket->get_executor();
  for (;;) {
    udp::endpoint sender;
    auto [ec, n] = co_await socket->async_receive_from(asio::buffer(buf), sender, udp_result);
    if (ec == asio::error::operation_aborted || !socket->is_open() || state->closed) {
      break;
    }
    if (ec) {
      continue;
    }
    auto it = table->find(sender);
    std::shared_ptr<flow> f = it == table->end() ? nullptr : it->second;
    if (!f) {
      f = open_flow(*state, listener_arn, ex);
      if (!f) {
        continue;  // no target: the datagram is dropped, as an NLB drops it
      }
      (*table)[sender] = f;
      auto view = state->view();
      auto l = view ? view->listeners.find(listener_arn) : decltype(view->listeners.end()){};
      auto idle = view && l != view->listeners.end() ? l->second.udp_idle_timeout
                                                     : std::chrono::milliseconds(120000);
      asio::co_spawn(ex, replies(state, socket, table, sender, f, idle), asio::detached);
    }
    f->last = std::chrono::steady_clock::now();
    co_await f->upstream->async_send(asio::buffer(buf.data(), n), udp_result);
  }
  // The listener went: so do its flows.
  auto flows = *table;
  for (const auto& [client, f] : flows) {
    end_flow(*state, *table, client, f);
  }
}

}  // namespace minecs::lb
