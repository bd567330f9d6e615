// An ALB listener's connection: HTTP/1.1 with keep-alive towards the client and towards each
// target (in TLS on HTTPS listeners, and towards the targets of HTTPS groups); each request is
// routed by the listener's rules, and what goes wrong is answered as an ALB answers it (400 for a
// request that does not parse, 502 for a target that refuses or breaks the connection or fails
// the TLS handshake, 503 for a group with no registered target, 504 when the target does not
// accept the connection within the connect timeout or does not answer within the idle timeout).
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <map>

#include "minecs/core/ipv4.hpp"
#include "tls.hpp"
#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using tls_stream = ssl::stream<tcp::socket&>;

// Not anonymous: GCC 12 refuses a coroutine frame of anonymous-namespace types in a function
// outside it (-Wsubobject-linkage).
namespace http_proxy_detail {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t body_limit = 64ULL * 1024 * 1024;
constexpr std::uint32_t header_limit = 64 * 1024;
constexpr std::chrono::seconds handshake_timeout{10};
constexpr std::chrono::seconds close_notify_timeout{1};

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// Ends what a socket waits for (the wait fails with operation_aborted) once `arm`'s time is up.
class deadline {
 public:
  explicit deadline(const std::shared_ptr<tcp::socket>& s)
      : timer_(s->get_executor()), socket_(s) {}
  deadline(const deadline&) = delete;
  deadline& operator=(const deadline&) = delete;
  ~deadline() { timer_.cancel(); }
  void arm(std::chrono::steady_clock::duration d) {
    fired_ = std::make_shared<bool>(false);
    timer_.expires_after(d);
    timer_.async_wait([s = std::weak_ptr(socket_), f = fired_](boost::system::error_code ec) {
      if (!ec) {
        *f = true;
        if (auto p = s.lock()) {
          boost::system::error_code ignored;
          p->cancel(ignored);
        }
      }
    });
  }
  void disarm() { timer_.cancel(); }
  bool fired() const { return *fired_; }

 private:
  asio::steady_timer timer_;
  std::shared_ptr<tcp::socket> socket_;
  std::shared_ptr<bool> fired_ = std::make_shared<bool>(false);
};

response elb_page(int status, unsigned version) {
  response res{static_cast<http::status>(status), version};
  auto title = std::to_string(status) + " " + std::string(http::obsolete_reason(res.result()));
  res.set(http::field::server, "awselb/2.0");
  res.set(http::field::content_type, "text/html");
  res.body() = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" +
               title + "</h1></center>\r\n</body>\r\n</html>\r\n";
  res.prepare_payload();
  return res;
}

response fixed_response(const store::elbv2_action& a, unsigned version) {
  int status = 200;
  try {
    status = std::stoi(a.status_code);
  } catch (const std::exception&) {
    status = 200;
  }
  response res{static_cast<http::status>(status), version};
  res.set(http::field::server, "awselb/2.0");
  if (!a.content_type.empty()) {
    res.set(http::field::content_type, a.content_type);
  }
  res.body() = a.message_body;
  res.prepare_payload();
  return res;
}

request_view view_of(const request& req, std::uint32_t source) {
  request_view v;
  v.method = std::string(req.method_string());
  auto target = std::string_view(req.target().data(), req.target().size());
  auto q = target.find('?');
  v.path = std::string(target.substr(0, q));
  v.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
  v.host = std::string(req[http::field::host]);
  for (const auto& f : req) {
    v.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  }
  v.source = source;
  return v;
}

// A kept-alive connection to one target. `tls` (HTTPS groups) runs over `socket`, which it
// refers to: declared after it, it goes first.
struct upstream {
  std::shared_ptr<tcp::socket> socket;
  std::unique_ptr<tls_stream> tls;
  beast::flat_buffer buffer;
};

enum class outcome { answered, broken, timed_out };

// Sends the request on `up` and reads the answer; `answered_any` tells a kept-alive connection
// the target had closed (worth one retry on a fresh one) from a target that failed the request.
template <class Stream>
asio::awaitable<outcome> exchange(Stream& stream, upstream& up, request& req, response& res,
                                  std::chrono::seconds idle, bool& answered_any) {
  deadline timer(up.socket);
  timer.arm(idle);
  auto [wec, written] = co_await http::async_write(stream, req, as_result);
  (void)written;
  if (wec) {
    co_return timer.fired() ? outcome::timed_out : outcome::broken;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(body_limit);
  parser.header_limit(header_limit);
  if (req.method() == http::verb::head) {
    parser.skip(true);
  }
  timer.arm(idle);
  auto [rec, n] = co_await http::async_read(stream, up.buffer, parser, as_result);
  (void)n;
  timer.disarm();
  answered_any = parser.got_some();
  if (rec) {
    co_return timer.fired() ? outcome::timed_out : outcome::broken;
  }
  res = parser.release();
  co_return outcome::answered;
}

enum class connected { yes, refused, timed_out };

// A new connection to the target, in TLS when `tls`; a target that does not accept it within
// `timeout` has timed out (504), one that refuses it or fails the handshake, refused (502).
asio::awaitable<connected> connect(upstream& up, const std::string& host, int port,
                                   std::chrono::steady_clock::duration timeout, bool tls) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    co_return connected::refused;
  }
  up.tls.reset();
  up.socket = std::make_shared<tcp::socket>(co_await asio::this_coro::executor);
  up.buffer.clear();
  deadline timer(up.socket);
  timer.arm(timeout);
  auto [cec] = co_await up.socket->async_connect(
      tcp::endpoint(address, static_cast<unsigned short>(port)), as_result);
  timer.disarm();
  if (cec) {
    up.socket->close(ec);
    co_return timer.fired() ? connected::timed_out : connected::refused;
  }
  up.socket->set_option(tcp::no_delay(true), ec);
  if (tls) {
    up.tls = std::make_unique<tls_stream>(*up.socket, target_tls_context());
    timer.arm(handshake_timeout);
    auto [hec] = co_await up.tls->async_handshake(ssl::stream_base::client, as_result);
    timer.disarm();
    if (hec) {
      up.tls.reset();
      up.socket->close(ec);
      co_return connected::refused;
    }
  }
  co_return connected::yes;
}

void add_forwarded(request& req, std::uint32_t source, const std::string& scheme, int port) {
  auto client = ipv4_address_string(source);
  auto existing = req["X-Forwarded-For"];
  if (existing.empty()) {
    req.set("X-Forwarded-For", client);
  } else {
    req.set("X-Forwarded-For", std::string(existing) + ", " + client);
  }
  req.set("X-Forwarded-Proto", scheme);
  req.set("X-Forwarded-Port", std::to_string(port));
}

// Forwards to the group; the answer for the client.
asio::awaitable<response> forward(traffic_state& st, const snapshot& view, const listener_view& l,
                                  const store::elbv2_action& action, request req,
                                  std::uint32_t source,
                                  std::map<std::string, upstream>& upstreams) {
  unsigned version = req.version();
  auto group_arn = pick_group(action, st.next_turn(l.arn + "|weights"));
  auto group = view.groups.find(group_arn);
  if (group == view.groups.end()) {
    co_return elb_page(503, version);
  }
  auto targets = routable_targets(group->second);
  if (targets.empty()) {
    co_return elb_page(503, version);
  }
  const auto& target = *targets[st.next_turn(group_arn) % targets.size()];
  st.requests->add(group_arn);
  auto key = target_key(group_arn, target);
  add_forwarded(req, source, l.protocol == "HTTPS" ? "https" : "http", l.port);
  bool tls = group->second.protocol == "HTTPS";
  req.version(11);
  req.keep_alive(true);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto& up = upstreams[key];
    bool reused = up.socket && up.socket->is_open();
    if (!reused) {
      auto c = co_await connect(up, target_host(group->second, target), target.port,
                                l.connect_timeout, tls);
      if (c != connected::yes) {
        upstreams.erase(key);
        co_return elb_page(c == connected::timed_out ? 504 : 502, version);
      }
      // Once per connection: tracking it on every request grew the list (and its sweep) by one
      // entry per request of a kept-alive connection.
      st.track(key, up.socket);
    }
    response res;
    bool answered_any = false;
    auto result = up.tls
                      ? co_await exchange(*up.tls, up, req, res, l.idle_timeout, answered_any)
                      : co_await exchange(*up.socket, up, req, res, l.idle_timeout, answered_any);
    if (result == outcome::answered) {
      if (!res.keep_alive()) {
        upstreams.erase(key);
      }
      res.version(version);
      co_return res;
    }
    upstreams.erase(key);
    if (result == outcome::timed_out) {
      co_return elb_page(504, version);
    }
    if (!reused || answered_any) {
      co_return elb_page(502, version);
    }
    // A kept-alive connection the target had closed meanwhile: once more on a new one.
  }
  co_return elb_page(502, version);
}

std::uint32_t address_of(const tcp::socket& s) {
  boost::system::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec || !ep.address().is_v4()) {
    return 0;
  }
  return ep.address().to_v4().to_uint();
}

template <class Stream>
asio::awaitable<void> session(std::shared_ptr<traffic_state> state,
                              std::shared_ptr<tcp::socket> client, Stream& stream,
                              std::string listener_arn) {
  auto source = address_of(*client);
  beast::flat_buffer buffer;
  std::map<std::string, upstream> upstreams;
  deadline idle(client);
  for (;;) {
    auto view = state->view();
    auto l = view ? view->listeners.find(listener_arn) : decltype(view->listeners.end()){};
    if (!view || l == view->listeners.end() || state->closed) {
      break;
    }
    http::request_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    parser.header_limit(header_limit);
    idle.arm(l->second.idle_timeout);
    auto [rec, n] = co_await http::async_read(stream, buffer, parser, as_result);
    (void)n;
    idle.disarm();
    response res;
    bool keep = false;
    if (rec == http::error::end_of_stream || rec == beast::error::timeout ||
        rec == asio::error::operation_aborted || (rec && !parser.got_some())) {
      break;
    }
    if (rec) {
      res = elb_page(400, 11);
    } else {
      auto req = parser.release();
      keep = req.keep_alive();
      // The snapshot may have changed while the request was read.
      view = state->view();
      l = view ? view->listeners.find(listener_arn) : decltype(view->listeners.end()){};
      if (!view || l == view->listeners.end()) {
        break;
      }
      auto rv = view_of(req, source);
      const auto* action = choose_action(l->second.rules, rv);
      std::string type = action == nullptr ? std::string() : action->type;
      if (type == "fixed-response") {
        res = fixed_response(*action, req.version());
      } else if (type == "redirect") {
        auto r = redirect_of(*action, rv, l->second.protocol, l->second.port);
        res = response{static_cast<http::status>(r.status), req.version()};
        res.set(http::field::server, "awselb/2.0");
        res.set(http::field::location, r.location);
        res.prepare_payload();
      } else if (type == "forward") {
        res =
            co_await forward(*state, *view, l->second, *action, std::move(req), source, upstreams);
      } else {
        res = elb_page(503, req.version());  // no rule applies, or an action not served
      }
    }
    res.keep_alive(keep);
    idle.arm(l->second.idle_timeout);
    auto [wec, written] = co_await http::async_write(stream, res, as_result);
    (void)written;
    idle.disarm();
    if (wec || !keep) {
      break;
    }
  }
  if constexpr (std::is_same_v<Stream, tls_stream>) {
    // close_notify, so that a client reading to the end sees an end and not a truncation.
    idle.arm(close_notify_timeout);
    co_await stream.async_shutdown(as_result);
    idle.disarm();
  }
  boost::system::error_code ignored;
  client->shutdown(tcp::socket::shutdown_both, ignored);
  client->close(ignored);
  for (auto& [key, up] : upstreams) {
    if (up.socket) {
      up.socket->close(ignored);
    }
  }
  state->clients.erase(client);
}

}  // namespace http_proxy_detail

using namespace http_proxy_detail;  // NOLINT(google-build-using-namespace)

asio::awaitable<void> serve_http(std::shared_ptr<traffic_state> state,
                                 std::shared_ptr<tcp::socket> client, std::string listener_arn,
                                 std::shared_ptr<ssl::context> tls) {
  if (!tls) {
    co_await session(state, client, *client, std::move(listener_arn));
    co_return;
  }
  tls_stream stream(*client, *tls);
  bool shook = false;
  {
    deadline timer(client);
    timer.arm(handshake_timeout);
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, as_result);
    shook = !ec;
  }
  if (shook) {
    co_await session(state, client, stream, std::move(listener_arn));
    co_return;
  }
  // Not TLS, or a handshake that failed: the connection ends, the listener goes on.
  boost::system::error_code ignored;
  client->close(ignored);
  state->clients.erase(client);
}

}  // namespace minecs::lb
