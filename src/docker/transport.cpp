#include "transport.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "minecs/core/metrics.hpp"

namespace minecs::docker::detail {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;
using clock = std::chrono::steady_clock;

// Each body we buffer fits in this; image lists and inspect replies are far smaller.
constexpr std::uint64_t max_buffered_body = 256ull * 1024 * 1024;

enum class outcome { ok, failed, timed_out, stopped };

// Blocking I/O with deadlines and cancellation, made from async operations on a private
// io_context that the calling thread runs. Another thread never touches the socket: a stop request
// only posts the close to this io_context, which is what makes stopping from outside safe.
class connection {
 public:
  explicit connection(std::stop_token stop)
      : ioc_(1), socket_(ioc_), resolver_(ioc_), stop_token_(std::move(stop)) {
    stop_cb_.emplace(stop_token_, stop_fn{this});
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  bool stopped() const { return stopped_ || stop_token_.stop_requested(); }

  // Runs one async operation to completion, or until the deadline or a stop closes the socket.
  template <class Start>
  outcome run(Start&& start, std::optional<clock::time_point> deadline, error_code& ec) {
    if (stopped()) {
      return outcome::stopped;
    }
    bool done = false;
    start([&](error_code e, auto&&...) {
      ec = e;
      done = true;
    });
    ioc_.restart();
    bool expired = false;
    // The handler given to start() sets done from inside run_one(), which clang-tidy cannot see.
    while (!done) {  // NOLINT(bugprone-infinite-loop)
      std::size_t ran = deadline ? ioc_.run_one_until(*deadline) : ioc_.run_one();
      if (ran == 0 && !done) {
        expired = true;
        abort();
        ioc_.restart();
        ioc_.run();
        break;
      }
    }
    if (stopped()) {
      return outcome::stopped;
    }
    if (expired) {
      return outcome::timed_out;
    }
    return ec ? outcome::failed : outcome::ok;
  }

  outcome connect(const endpoint& ep, clock::time_point deadline, error_code& ec) {
    if (ep.type == endpoint::kind::unix_socket) {
      asio::generic::stream_protocol::endpoint target{
          asio::local::stream_protocol::endpoint(ep.path)};
      return run([&](auto handler) { socket_.async_connect(target, std::move(handler)); }, deadline,
                 ec);
    }
    asio::ip::tcp::resolver::results_type addresses;
    auto resolved = run(
        [&](auto handler) {
          resolver_.async_resolve(
              ep.host, ep.port,
              [&, handler = std::move(handler)](error_code e,
                                                asio::ip::tcp::resolver::results_type r) mutable {
                addresses = std::move(r);
                handler(e);
              });
        },
        deadline, ec);
    if (resolved != outcome::ok) {
      return resolved;
    }
    outcome last = outcome::failed;
    for (const auto& entry : addresses) {
      asio::generic::stream_protocol::endpoint target{entry.endpoint()};
      error_code ignored;
      socket_.close(ignored);
      last = run([&](auto handler) { socket_.async_connect(target, std::move(handler)); }, deadline,
                 ec);
      if (last != outcome::failed) {
        return last;
      }
    }
    if (!ec) {
      ec = asio::error::host_not_found;
    }
    return last;
  }

  asio::generic::stream_protocol::socket& socket() { return socket_; }
  boost::beast::flat_buffer& buffer() { return buffer_; }

 private:
  void abort() {
    error_code ignored;
    resolver_.cancel();
    socket_.shutdown(asio::socket_base::shutdown_both, ignored);
    socket_.close(ignored);
  }

  struct stop_fn {
    connection* self;
    void operator()() const {
      asio::post(self->ioc_, [s = self] {
        s->stopped_ = true;
        s->abort();
      });
    }
  };

  asio::io_context ioc_;
  asio::generic::stream_protocol::socket socket_;
  asio::ip::tcp::resolver resolver_;
  boost::beast::flat_buffer buffer_;
  std::stop_token stop_token_;
  bool stopped_ = false;
  // Last, so it is unregistered before anything it touches is destroyed.
  std::optional<std::stop_callback<stop_fn>> stop_cb_;
};

error transport_error(const endpoint& ep, std::string_view step, outcome o, const error_code& ec) {
  std::string what = o == outcome::timed_out ? std::string("timed out") : ec.message();
  return {0, std::string(step) + " " + ep.to_string() + ": " + what};
}

http::request<http::string_body> make_request(const request& req) {
  http::request<http::string_body> out{req.method, req.target, 11};
  // The daemon ignores the host, but HTTP/1.1 requires one.
  out.set(http::field::host, "docker");
  out.set(http::field::user_agent, "minecs");
  if (!req.content_type.empty()) {
    out.set(http::field::content_type, req.content_type);
  }
  if (!req.registry_auth.empty()) {
    out.set("X-Registry-Auth", req.registry_auth);
  }
  out.body() = req.body;
  out.prepare_payload();
  return out;
}

outcome send(connection& conn, const endpoint& ep, const request& req, clock::time_point deadline,
             error& err) {
  error_code ec;
  auto o = conn.connect(ep, deadline, ec);
  if (o != outcome::ok) {
    err = transport_error(ep, "connect", o, ec);
    return o;
  }
  auto message = make_request(req);
  o = conn.run([&](auto handler) { http::async_write(conn.socket(), message, std::move(handler)); },
               deadline, ec);
  if (o != outcome::ok) {
    err = transport_error(ep, "send to", o, ec);
  }
  return o;
}

// What a Docker call is about, for the latency histogram: the path's first segment after the
// API version ("containers", "networks", "_ping"), a small fixed set.
std::string_view call_kind(std::string_view target) {
  target = target.substr(0, target.find('?'));
  if (target.starts_with("/v") && target.size() > 2 &&
      std::isdigit(static_cast<unsigned char>(target[2])) != 0) {
    auto slash = target.find('/', 1);
    target = slash == std::string_view::npos ? std::string_view{} : target.substr(slash);
  }
  target.remove_prefix(std::min<std::size_t>(1, target.size()));
  return target.substr(0, target.find('/'));
}

result<response> perform_timed(const endpoint& ep, const request& req, timeout t) {
  auto deadline = clock::now() + t;
  connection conn{std::stop_token{}};
  error err;
  if (send(conn, ep, req, deadline, err) != outcome::ok) {
    return err;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_buffered_body);
  error_code ec;
  auto o = conn.run(
      [&](auto handler) {
        http::async_read(conn.socket(), conn.buffer(), parser, std::move(handler));
      },
      deadline, ec);
  if (o != outcome::ok) {
    return transport_error(ep, "read from", o, ec);
  }
  auto& msg = parser.get();
  return response{static_cast<int>(msg.result_int()), std::string(msg[http::field::content_type]),
                  std::move(msg.body())};
}

// Many exchanges at once on one io_context that the calling thread runs, each on its own
// connection, at most `in_flight` open together; the deadline closes whatever is still open.
class fan_out {
 public:
  fan_out(const endpoint& ep, const std::vector<request>& reqs, clock::time_point deadline)
      : ep_(ep), reqs_(reqs), resolver_(ioc_), timer_(ioc_) {
    timer_.expires_at(deadline);
    results_.reserve(reqs.size());
    for (std::size_t i = 0; i < reqs.size(); ++i) {
      results_.emplace_back(transport_error(ep, "read from", outcome::timed_out, {}));
    }
  }

  std::vector<result<response>> run(std::size_t in_flight) {
    if (reqs_.empty()) {
      return {};
    }
    in_flight_ = std::max<std::size_t>(in_flight, 1);
    timer_.async_wait([this](error_code ec) {
      if (!ec) {
        expired_ = true;
        error_code ignored;
        resolver_.cancel();
        for (auto& [i, x] : open_) {
          x->socket.close(ignored);
        }
      }
    });
    if (ep_.type == endpoint::kind::unix_socket) {
      targets_.emplace_back(asio::local::stream_protocol::endpoint(ep_.path));
      start_more();
    } else {
      resolver_.async_resolve(
          ep_.host, ep_.port,
          [this](error_code ec, const asio::ip::tcp::resolver::results_type& found) {
            for (const auto& entry : found) {
              targets_.emplace_back(entry.endpoint());
            }
            if (ec || targets_.empty()) {
              fail_all(ec ? ec : asio::error::host_not_found);
            } else {
              start_more();
            }
          });
    }
    ioc_.run();
    return std::move(results_);
  }

 private:
  struct exchange {
    exchange(asio::io_context& ioc, const request& req)
        : socket(ioc), message(make_request(req)), started(clock::now()) {
      parser.body_limit(max_buffered_body);
    }
    asio::generic::stream_protocol::socket socket;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> message;
    http::response_parser<http::string_body> parser;
    clock::time_point started;
  };

  void start_more() {
    while (!expired_ && open_.size() < in_flight_ && next_ < reqs_.size()) {
      start(next_++);
    }
    if (open_.empty() && (expired_ || next_ == reqs_.size())) {
      timer_.cancel();
    }
  }

  void start(std::size_t i) {
    auto x = std::make_shared<exchange>(ioc_, reqs_[i]);
    open_.emplace(i, x);
    asio::async_connect(x->socket, targets_, [this, i, x](error_code ec, const auto&) {
      if (ec) {
        return finish(i, *x, "connect", ec);
      }
      send(i, x);
    });
  }

  void send(std::size_t i, const std::shared_ptr<exchange>& x) {
    http::async_write(x->socket, x->message, [this, i, x](error_code ec, std::size_t) {
      if (ec) {
        return finish(i, *x, "send to", ec);
      }
      receive(i, x);
    });
  }

  void receive(std::size_t i, const std::shared_ptr<exchange>& x) {
    http::async_read(x->socket, x->buffer, x->parser,
                     [this, i, x](error_code ec, std::size_t) { finish(i, *x, "read from", ec); });
  }

  void finish(std::size_t i, exchange& x, std::string_view step, error_code ec) {
    std::chrono::duration<double> took = clock::now() - x.started;
    auto method = http::to_string(x.message.method());
    metrics::process().docker_duration.observe(
        {call_kind(reqs_[i].target), std::string_view(method.data(), method.size())}, took.count());
    if (expired_) {
      results_[i] = transport_error(ep_, step, outcome::timed_out, ec);
    } else if (ec) {
      results_[i] = transport_error(ep_, step, outcome::failed, ec);
    } else {
      auto& msg = x.parser.get();
      results_[i] = response{static_cast<int>(msg.result_int()),
                             std::string(msg[http::field::content_type]), std::move(msg.body())};
    }
    open_.erase(i);
    start_more();
  }

  void fail_all(error_code ec) {
    for (auto& r : results_) {
      r = transport_error(ep_, "connect", expired_ ? outcome::timed_out : outcome::failed, ec);
    }
    timer_.cancel();
  }

  const endpoint& ep_;
  const std::vector<request>& reqs_;
  asio::io_context ioc_{1};
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer timer_;
  std::vector<asio::generic::stream_protocol::endpoint> targets_;
  std::vector<result<response>> results_;
  std::map<std::size_t, std::shared_ptr<exchange>> open_;
  std::size_t in_flight_ = 1;
  std::size_t next_ = 0;
  bool expired_ = false;
};

}  // namespace

result<response> perform(const endpoint& ep, const request& req, timeout t) {
  auto started = clock::now();
  auto out = perform_timed(ep, req, t);
  std::chrono::duration<double> took = clock::now() - started;
  auto method = http::to_string(req.method);
  metrics::process().docker_duration.observe(
      {call_kind(req.target), std::string_view(method.data(), method.size())}, took.count());
  return out;
}

std::vector<result<response>> perform_all(const endpoint& ep, const std::vector<request>& reqs,
                                          std::size_t in_flight, timeout t) {
  return fan_out(ep, reqs, clock::now() + t).run(in_flight);
}

result<stream_end> perform_stream(const endpoint& ep, const request& req, timeout t,
                                  std::stop_token stop,
                                  const std::function<void(const response&)>& on_head,
                                  const data_callback& on_data) {
  auto deadline = clock::now() + t;
  connection conn{std::move(stop)};
  error err;
  auto o = send(conn, ep, req, deadline, err);
  if (o == outcome::stopped) {
    return stream_end::stopped;
  }
  if (o != outcome::ok) {
    return err;
  }
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);
  error_code ec;
  o = conn.run(
      [&](auto handler) {
        http::async_read_header(conn.socket(), conn.buffer(), parser, std::move(handler));
      },
      deadline, ec);
  if (o == outcome::stopped) {
    return stream_end::stopped;
  }
  if (o != outcome::ok) {
    return transport_error(ep, "read from", o, ec);
  }
  response head{static_cast<int>(parser.get().result_int()),
                std::string(parser.get()[http::field::content_type]),
                {}};
  // An error reply is short: collect it whole, still within the caller's limit.
  const bool failed = head.status >= 400;
  if (!failed) {
    on_head(head);
  }
  char chunk[16 * 1024];
  std::string error_body;
  while (!parser.is_done()) {
    parser.get().body().data = chunk;
    parser.get().body().size = sizeof chunk;
    o = conn.run(
        [&](auto handler) {
          http::async_read_some(conn.socket(), conn.buffer(), parser, std::move(handler));
        },
        failed ? std::optional(deadline) : std::nullopt, ec);
    if (o == outcome::failed && ec == http::error::need_buffer) {
      o = outcome::ok;
    }
    std::size_t n = sizeof chunk - parser.get().body().size;
    if (o == outcome::stopped) {
      return stream_end::stopped;
    }
    if (failed) {
      error_body.append(chunk, n);
      if (error_body.size() > 64 * 1024) {
        break;
      }
    } else if (n > 0 && !on_data(std::string_view(chunk, n))) {
      return stream_end::stopped;
    }
    if (o != outcome::ok) {
      if (failed) {
        break;
      }
      return transport_error(ep, "stream from", o, ec);
    }
  }
  if (failed) {
    return error_from_reply(head.status, error_body);
  }
  return stream_end::finished;
}

}  // namespace minecs::docker::detail
