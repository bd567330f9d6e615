// An ALB listener's connection: HTTP/1.1 with keep-alive towards the client and towards each
// target (in TLS on HTTPS listeners, and towards the targets of HTTPS groups); each request is
// routed by the listener's rules, and what goes wrong is answered as an ALB answers it (400 for a
// request that does not parse, 502 for a target that refuses or breaks the connection or fails
// the TLS handshake, 503 for a group with no registered target, 504 when the target does not
// accept the connection within the connect timeout or does not answer within the idle timeout).
//
// The proxy's cost per request is what an ALB's throughput is made of, so the hot path copies
// nothing it need not: heads are read in place (http_wire.hpp), the rules see views into them,
// the head that goes on is written into a buffer the connection keeps, bodies pass as the bytes
// they are (chunked ones stay chunked), and one timer per connection watches every wait
// (watchdog) instead of a timer armed and cancelled around each read and write.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/status.hpp>
#include <cstring>
#include <map>
#include <optional>

#include "http_wire.hpp"
#include "minecs/core/ipv4.hpp"
#include "tls.hpp"
#include "traffic_state.hpp"

namespace minecs::lb {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using tls_stream = ssl::stream<tcp::socket&>;

// Not anonymous: GCC 12 refuses a coroutine frame of anonymous-namespace types in a function
// outside it (-Wsubobject-linkage).
namespace http_proxy_detail {

using steady = std::chrono::steady_clock;
constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t header_limit = 64 * 1024;
constexpr std::size_t read_size = 16 * 1024;
constexpr std::chrono::seconds handshake_timeout{10};
constexpr std::chrono::seconds close_notify_timeout{1};

// Bytes read at the end and consumed from the start. The views a parse gives stay valid until
// the next prepare().
class byte_buffer {
 public:
  std::string_view data() const { return {bytes_.data() + begin_, end_ - begin_}; }
  std::size_t size() const { return end_ - begin_; }
  void consume(std::size_t n) {
    begin_ += std::min(n, size());
    if (begin_ == end_) {
      begin_ = end_ = 0;
    }
  }
  void clear() { begin_ = end_ = 0; }
  asio::mutable_buffer prepare(std::size_t n) {
    if (bytes_.size() - end_ < n) {
      if (begin_ > 0) {
        std::memmove(bytes_.data(), bytes_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
      }
      if (bytes_.size() - end_ < n) {
        bytes_.resize(end_ + n);
      }
    }
    return asio::buffer(bytes_.data() + end_, bytes_.size() - end_);
  }
  void commit(std::size_t n) { end_ += n; }

 private:
  std::vector<char> bytes_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

// One timer per connection for every wait of it: arm() only moves a deadline, and the timer,
// when it wakes, either finds the deadline passed (then it cancels what the connection waits
// for, on the client and on the target) or sleeps until the deadline. The timer is set again
// only when a deadline comes nearer than the one it waits for.
class watchdog : public std::enable_shared_from_this<watchdog> {
 public:
  explicit watchdog(std::shared_ptr<tcp::socket> client)
      : timer_(client->get_executor()), client_(std::move(client)) {}
  void arm(steady::duration d) {
    deadline_ = steady::now() + d;
    fired_ = false;
    if (!waiting_ || deadline_ < expiry_) {
      wait();
    }
  }
  void disarm() { deadline_ = steady::time_point::max(); }
  bool fired() const { return fired_; }
  void watch_upstream(std::shared_ptr<tcp::socket> s) { upstream_ = std::move(s); }
  void stop() {
    stopped_ = true;
    upstream_.reset();
    timer_.cancel();
  }

 private:
  void wait() {
    expiry_ = deadline_;
    waiting_ = true;
    timer_.expires_at(expiry_);
    timer_.async_wait([self = shared_from_this(), g = ++generation_](boost::system::error_code) {
      self->woken(g);
    });
  }
  void woken(std::uint64_t generation) {
    if (generation != generation_) {
      return;  // a nearer deadline set the timer again
    }
    waiting_ = false;
    if (stopped_ || deadline_ == steady::time_point::max()) {
      return;
    }
    if (steady::now() < deadline_) {
      wait();
      return;
    }
    fired_ = true;
    deadline_ = steady::time_point::max();
    boost::system::error_code ignored;
    client_->cancel(ignored);
    if (upstream_) {
      upstream_->cancel(ignored);
    }
  }

  asio::steady_timer timer_;
  std::shared_ptr<tcp::socket> client_;
  std::shared_ptr<tcp::socket> upstream_;
  steady::time_point deadline_ = steady::time_point::max();
  steady::time_point expiry_{};
  std::uint64_t generation_ = 0;
  bool waiting_ = false;
  bool fired_ = false;
  bool stopped_ = false;
};

// Cancels the watchdog's timer when the connection ends, however it ends.
struct watchdog_stop {
  std::shared_ptr<watchdog> dog;
  ~watchdog_stop() { dog->stop(); }
};

// The client connection's own Connection field (HTTP/1.0 keeps alive only when told), then the
// blank line that ends a head to the client.
void end_head(int minor, bool keep, std::string& out) {
  if (!keep) {
    out += "Connection: close\r\n";
  } else if (minor == 0) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
}

// An answer of the balancer itself, in full.
std::string page(int status, int minor, bool keep, std::string_view content_type,
                 std::string_view body, std::string_view location = {}) {
  auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  std::string out;
  out.reserve(160 + body.size() + location.size());
  out += minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason;
  out += "\r\nServer: awselb/2.0\r\n";
  if (!content_type.empty()) {
    out += "Content-Type: ";
    out += content_type;
    out += "\r\n";
  }
  if (!location.empty()) {
    out += "Location: ";
    out += location;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(body.size());
  out += "\r\n";
  end_head(minor, keep, out);
  out += body;
  return out;
}

std::string elb_page(int status, int minor, bool keep) {
  auto title = std::to_string(status) + " " +
               std::string(boost::beast::http::obsolete_reason(
                   static_cast<boost::beast::http::status>(status)));
  return page(status, minor, keep, "text/html",
              "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" +
                  title + "</h1></center>\r\n</body>\r\n</html>\r\n");
}

std::string fixed_response(const store::elbv2_action& a, int minor, bool keep) {
  int status = 200;
  try {
    status = std::stoi(a.status_code);
  } catch (const std::exception&) {
    status = 200;
  }
  return page(status, minor, keep, a.content_type, a.message_body);
}

// What the rules see of a request: views into its head.
void view_of(const request_head& head, std::uint32_t source, request_view& v) {
  v.method = head.method;
  auto q = head.target.find('?');
  v.path = head.target.substr(0, q);
  v.query = q == std::string_view::npos ? std::string_view() : head.target.substr(q + 1);
  v.host = head.host;
  v.headers.clear();
  for (const auto& f : head.fields) {
    v.headers.emplace_back(f.name, f.value);
  }
  v.source = source;
}

// A kept-alive connection to one target. `tls` (HTTPS groups) runs over `socket`, which it
// refers to: declared after it, it goes first.
struct upstream {
  std::shared_ptr<tcp::socket> socket;
  std::unique_ptr<tls_stream> tls;
  byte_buffer buffer;
};

// How many bytes of a body at the start of `data` belong to it (`scanner` follows a chunked
// one), and whether the body ends within them.
std::pair<std::size_t, bool> body_part(const body_framing& f, std::uint64_t& left,
                                       chunk_scanner& scanner, std::string_view data) {
  using kind = body_framing::kind;
  switch (f.type) {
    case kind::none:
      return {0, true};
    case kind::length: {
      auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, data.size()));
      left -= n;
      return {n, left == 0};
    }
    case kind::chunked: {
      auto n = scanner.feed(data);
      return {n, scanner.done()};
    }
    case kind::until_close:
      return {data.size(), false};
  }
  return {0, true};
}

template <class Stream>
asio::awaitable<boost::system::error_code> write_all(Stream& s, std::string_view a,
                                                     std::string_view b = {}) {
  std::array<asio::const_buffer, 2> buffers{asio::buffer(a.data(), a.size()),
                                            asio::buffer(b.data(), b.size())};
  auto [ec, n] = co_await asio::async_write(s, buffers, as_result);
  (void)n;
  co_return ec;
}

enum class pass { done, read_failed, write_failed, bad };

// The rest of a body from `in` (whose buffer holds what came after the part already passed) to
// `out`, or nowhere when `out` is null. An until_close body ends at the reader's end of stream.
template <class In, class Out>
asio::awaitable<pass> pass_body(In& in, byte_buffer& buffer, const body_framing& f,
                                std::uint64_t& left, chunk_scanner& scanner, Out* out,
                                watchdog& dog, steady::duration idle) {
  for (;;) {
    if (!buffer.data().empty()) {
      auto [n, ended] = body_part(f, left, scanner, buffer.data());
      if (scanner.bad()) {
        co_return pass::bad;
      }
      if (out != nullptr && n > 0) {
        dog.arm(idle);
        if (auto ec = co_await write_all(*out, buffer.data().substr(0, n)); ec) {
          co_return pass::write_failed;
        }
      }
      buffer.consume(n);
      if (ended) {
        co_return pass::done;
      }
    }
    dog.arm(idle);
    auto [ec, n] = co_await in.async_read_some(buffer.prepare(read_size), as_result);
    if (ec) {
      bool eof = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
      co_return f.type == body_framing::kind::until_close&& eof ? pass::done : pass::read_failed;
    }
    buffer.commit(n);
  }
}

enum class connected { yes, refused, timed_out };

// A new connection to the target, in TLS when `tls`; a target that does not accept it within
// `timeout` has timed out (504), one that refuses it or fails the handshake, refused (502).
asio::awaitable<connected> connect(upstream& up, const std::string& host, int port,
                                   steady::duration timeout, bool tls, watchdog& dog) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    co_return connected::refused;
  }
  up.tls.reset();
  up.socket = std::make_shared<tcp::socket>(co_await asio::this_coro::executor);
  up.buffer.clear();
  dog.watch_upstream(up.socket);
  dog.arm(timeout);
  auto [cec] = co_await up.socket->async_connect(
      tcp::endpoint(address, static_cast<unsigned short>(port)), as_result);
  dog.disarm();
  if (cec) {
    up.socket->close(ec);
    co_return dog.fired() ? connected::timed_out : connected::refused;
  }
  up.socket->set_option(tcp::no_delay(true), ec);
  if (tls) {
    up.tls = std::make_unique<tls_stream>(*up.socket, target_tls_context());
    dog.arm(handshake_timeout);
    auto [hec] = co_await up.tls->async_handshake(ssl::stream_base::client, as_result);
    dog.disarm();
    if (hec) {
      up.tls.reset();
      up.socket->close(ec);
      co_return connected::refused;
    }
  }
  co_return connected::yes;
}

// What one connection keeps from one request to the next, so that a request allocates nothing
// once the first has sized it.
struct connection {
  byte_buffer in;
  request_head head;
  request_view view;
  response_head answer;
  std::string out;  // the head that goes on, to the target or to the client
  std::string key;  // the target's, "group|id|port"
  std::map<std::string, upstream, std::less<>> upstreams;
  // The bytes of the request being forwarded still in `in`: consumed once the target has it
  // all, or by the session after a request that ended otherwise.
  std::size_t pending = 0;
  void consume_request() {
    in.consume(pending);
    pending = 0;
  }
};

// The head that goes to the target: the request's, with the X-Forwarded-* of the balancer and
// without the hop-by-hop fields of the client's connection.
void target_head(const request_head& head, std::uint32_t source, std::string_view scheme, int port,
                 bool drop_expect, std::string& out) {
  out.clear();
  out += head.method;
  out += ' ';
  out += head.target;
  out += " HTTP/1.1\r\n";
  std::string_view forwarded_for;
  bool several = false;
  for (const auto& f : head.fields) {
    if (iequals_ascii(f.name, "x-forwarded-for")) {
      if (!forwarded_for.empty()) {
        several = true;
      }
      forwarded_for = f.value;
      continue;
    }
    if (iequals_ascii(f.name, "connection") || iequals_ascii(f.name, "keep-alive") ||
        iequals_ascii(f.name, "x-forwarded-proto") || iequals_ascii(f.name, "x-forwarded-port") ||
        (drop_expect && iequals_ascii(f.name, "expect"))) {
      continue;
    }
    out += f.name;
    out += ": ";
    out += f.value;
    out += "\r\n";
  }
  out += "X-Forwarded-For: ";
  if (several) {
    // Several lines are one list (RFC 9110 section 5.3).
    for (const auto& f : head.fields) {
      if (iequals_ascii(f.name, "x-forwarded-for") && !f.value.empty()) {
        out += f.value;
        out += ", ";
      }
    }
  } else if (!forwarded_for.empty()) {
    out += forwarded_for;
    out += ", ";
  }
  out += ipv4_address_string(source);
  out += "\r\nX-Forwarded-Proto: ";
  out += scheme;
  out += "\r\nX-Forwarded-Port: ";
  out += std::to_string(port);
  out += "\r\n\r\n";
}

// The head that goes to the client: the target's, in the client's HTTP version, with the
// client connection's own Connection field.
void client_head(const response_head& r, int minor, bool keep, std::string& out) {
  out.clear();
  out += minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(r.status);
  out += ' ';
  out += r.reason;
  out += "\r\n";
  for (const auto& f : r.fields) {
    if (iequals_ascii(f.name, "connection") || iequals_ascii(f.name, "keep-alive")) {
      continue;
    }
    out += f.name;
    out += ": ";
    out += f.value;
    out += "\r\n";
  }
  end_head(minor, keep, out);
}

// How a forwarded request ended for the client's connection: answered (keep it or not), to be
// answered by the balancer with `status` (`unread`: its body is still to be read past), or a
// connection that can only be closed.
struct forwarded {
  enum class end { answered, page, close } how = end::answered;
  bool keep = true;
  int status = 0;
  bool unread = false;
};

forwarded local_page(int status, bool keep) {
  return {forwarded::end::page, keep, status, false};
}

constexpr forwarded closed_connection{forwarded::end::close, false, 0, false};

// The target of a forward action: its group by weight, then the next routable target of the
// group in turn; null when there is none (503).
const store::elbv2_target* choose_target(traffic_state& st, const snapshot& view,
                                         const listener_view& l, const store::elbv2_action& action,
                                         const store::elbv2_target_group*& group,
                                         const std::string*& arn) {
  const std::string* group_arn = nullptr;
  std::string picked;
  if (action.target_groups.size() == 1 && action.target_groups[0].weight > 0) {
    group_arn = &action.target_groups[0].target_group_arn;
  } else {
    picked = pick_group(action, st.next_turn(l.arn + "|weights"));
    group_arn = &picked;
  }
  auto found = view.groups.find(*group_arn);
  if (found == view.groups.end()) {
    return nullptr;
  }
  auto targets = routable_targets(found->second);
  if (targets.empty()) {
    return nullptr;
  }
  group = &found->second;
  arn = &found->first;
  st.requests->add(*group_arn);
  return targets[st.next_turn(*group_arn) % targets.size()];
}

enum class head_read { complete, nothing, failed, timed_out, client_gone };

// The head of the target's answer into `c.answer`, after any interim (1xx) answers, which the
// client gets as they come. `nothing`: the connection ended before a byte came.
template <class Client>
asio::awaitable<head_read> answer_head(Client& client, upstream& up, connection& c, bool to_head,
                                       int minor, watchdog& dog, steady::duration idle) {
  bool answered_any = false;
  for (;;) {
    auto parsed = parse_response_head(up.buffer.data(), to_head, c.answer);
    if (parsed == parse_status::complete && c.answer.status >= 100 && c.answer.status < 200 &&
        c.answer.status != 101) {
      if (minor >= 1) {
        dog.arm(idle);
        if (co_await write_all(client, up.buffer.data().substr(0, c.answer.size))) {
          co_return head_read::client_gone;
        }
      }
      up.buffer.consume(c.answer.size);
      continue;
    }
    if (parsed == parse_status::complete) {
      // A switch of protocols is not relayed.
      co_return c.answer.status == 101 ? head_read::failed : head_read::complete;
    }
    if (parsed == parse_status::bad || up.buffer.size() >= header_limit) {
      co_return head_read::failed;
    }
    dog.arm(idle);
    auto [rec, n] =
        up.tls ? co_await up.tls->async_read_some(up.buffer.prepare(read_size), as_result)
               : co_await up.socket->async_read_some(up.buffer.prepare(read_size), as_result);
    if (rec) {
      co_return dog.fired() ? head_read::timed_out
                            : (answered_any ? head_read::failed : head_read::nothing);
    }
    answered_any = true;
    up.buffer.commit(n);
  }
}

// The answer whose head is `c.answer` to the client: its head, the part of its body that came
// with it, then the rest. `keep_target`: the target's connection may serve another request.
template <class Client>
asio::awaitable<forwarded> relay_answer(Client& client, upstream& up, connection& c, int minor,
                                        bool keep, watchdog& dog, steady::duration idle,
                                        bool& keep_target) {
  keep_target = c.answer.keep_alive && c.answer.body.type != body_framing::kind::until_close;
  bool keep_client = keep && c.answer.body.type != body_framing::kind::until_close;
  std::uint64_t left = c.answer.body.length;
  chunk_scanner scanner;
  auto body = up.buffer.data().substr(c.answer.size);
  auto [part, ended] = body_part(c.answer.body, left, scanner, body);
  if (scanner.bad()) {
    co_return local_page(502, keep);
  }
  client_head(c.answer, minor, keep_client, c.out);
  dog.arm(idle);
  if (co_await write_all(client, c.out, body.substr(0, part))) {
    co_return closed_connection;
  }
  up.buffer.consume(c.answer.size + part);
  if (!ended) {
    auto passed = up.tls ? co_await pass_body(*up.tls, up.buffer, c.answer.body, left, scanner,
                                              &client, dog, idle)
                         : co_await pass_body(*up.socket, up.buffer, c.answer.body, left, scanner,
                                              &client, dog, idle);
    if (passed != pass::done) {
      // Part of the answer went out: the client can only see the connection end.
      co_return closed_connection;
    }
  }
  co_return forwarded{forwarded::end::answered, keep_client, 0, false};
}

// Forwards the request whose head `c.head` is at the start of `c.in` to the group, and its
// answer to the client.
template <class Client>
asio::awaitable<forwarded> forward(traffic_state& st, const snapshot& view, const listener_view& l,
                                   const store::elbv2_action& action, Client& client, connection& c,
                                   std::uint32_t source, watchdog& dog) {
  auto& head = c.head;
  int minor = head.minor;
  bool keep = head.keep_alive;
  bool to_head = head.method == "HEAD";
  const store::elbv2_target_group* group = nullptr;
  const std::string* group_arn = nullptr;
  const auto* chosen = choose_target(st, view, l, action, group, group_arn);
  if (chosen == nullptr) {
    co_return forwarded{forwarded::end::page, keep, 503, true};
  }
  const auto& target = *chosen;
  c.key.clear();
  c.key += *group_arn;
  c.key += '|';
  c.key += target.id;
  c.key += '|';
  c.key += std::to_string(target.port);
  bool tls = group->protocol == "HTTPS";

  // The part of the body that came with the head.
  std::uint64_t left = head.body.length;
  chunk_scanner scanner;
  auto after_head = c.in.data().substr(head.size);
  auto [first, whole] = body_part(head.body, left, scanner, after_head);
  if (scanner.bad()) {
    co_return local_page(400, false);
  }
  bool streamed = !whole;
  c.pending = head.size + first;
  // A client that waits for 100 Continue gets it from the balancer, which then streams the body.
  bool send_continue = head.expects_continue && streamed;
  target_head(head, source, l.protocol == "HTTPS" ? "https" : "http", l.port, send_continue, c.out);
  auto body_start = after_head.substr(0, first);
  // From here the views into the head end at the first read from the client.

  for (int attempt = 0; attempt < 2; ++attempt) {
    auto it = c.upstreams.find(c.key);
    if (it == c.upstreams.end()) {
      it = c.upstreams.emplace(c.key, upstream{}).first;
    }
    auto& up = it->second;
    bool reused = up.socket && up.socket->is_open();
    if (!reused) {
      auto made = co_await connect(up, target_host(*group, target), target.port, l.connect_timeout,
                                   tls, dog);
      if (made != connected::yes) {
        c.upstreams.erase(it);
        dog.watch_upstream(nullptr);
        // A body not read yet: the connection cannot go on.
        co_return local_page(made == connected::timed_out ? 504 : 502, keep && whole);
      }
      // Once per connection: tracking it on every request grew the list (and its sweep) by one
      // entry per request of a kept-alive connection.
      st.track(c.key, up.socket);
    }
    dog.watch_upstream(up.socket);
    // After drop(), `up` is gone.
    auto drop = [&] {
      boost::system::error_code ignored;
      up.socket->close(ignored);
      c.upstreams.erase(it);
      dog.watch_upstream(nullptr);
    };
    dog.arm(l.idle_timeout);
    auto wec = up.tls ? co_await write_all(*up.tls, c.out, body_start)
                      : co_await write_all(*up.socket, c.out, body_start);
    if (wec) {
      bool timed_out = dog.fired();
      drop();
      if (timed_out) {
        co_return local_page(504, keep && whole);
      }
      if (reused && whole) {
        continue;  // a kept-alive connection the target had closed meanwhile: once more
      }
      co_return local_page(502, keep && whole);
    }
    if (!whole) {
      // The rest of the body, as it comes; no second attempt past this point.
      c.consume_request();
      if (send_continue) {
        dog.arm(l.idle_timeout);
        if (co_await write_all(client, "HTTP/1.1 100 Continue\r\n\r\n")) {
          drop();
          co_return closed_connection;
        }
      }
      auto passed = up.tls ? co_await pass_body(client, c.in, head.body, left, scanner,
                                                up.tls.get(), dog, l.idle_timeout)
                           : co_await pass_body(client, c.in, head.body, left, scanner,
                                                up.socket.get(), dog, l.idle_timeout);
      if (passed != pass::done) {
        bool timed_out = dog.fired();
        drop();
        if (passed == pass::write_failed) {
          co_return local_page(timed_out ? 504 : 502, false);
        }
        if (passed == pass::bad) {
          co_return local_page(400, false);
        }
        co_return closed_connection;
      }
      whole = true;
    }

    auto got = co_await answer_head(client, up, c, to_head, minor, dog, l.idle_timeout);
    if (got != head_read::complete) {
      drop();
      if (got == head_read::nothing && reused && !streamed) {
        // Nothing came on a kept-alive connection: the target had closed it. The request is
        // still whole in the client's buffer: once more on a new connection.
        continue;
      }
      co_return got == head_read::client_gone
          ? closed_connection
          : local_page(got == head_read::timed_out ? 504 : 502, keep);
    }
    c.consume_request();
    bool keep_target = false;
    auto relayed =
        co_await relay_answer(client, up, c, minor, keep, dog, l.idle_timeout, keep_target);
    if (relayed.how != forwarded::end::answered) {
      drop();
      co_return relayed;
    }
    dog.watch_upstream(nullptr);
    if (!keep_target) {
      drop();
    }
    co_return relayed;
  }
  co_return local_page(502, keep && whole);
}

std::uint32_t address_of(const tcp::socket& s) {
  boost::system::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec || !ep.address().is_v4()) {
    return 0;
  }
  return ep.address().to_v4().to_uint();
}

// A request the balancer answers itself: its body is read and dropped first, so that the next
// request of the connection starts where it should. False when the connection must end.
template <class Stream>
asio::awaitable<bool> skip_body(Stream& stream, connection& c, watchdog& dog,
                                steady::duration idle) {
  std::uint64_t left = c.head.body.length;
  chunk_scanner scanner;
  auto after = c.in.data().substr(c.head.size);
  auto [n, ended] = body_part(c.head.body, left, scanner, after);
  if (scanner.bad()) {
    co_return false;
  }
  c.in.consume(c.head.size + n);
  if (ended) {
    co_return true;
  }
  if (c.head.expects_continue) {
    dog.arm(idle);
    if (co_await write_all(stream, "HTTP/1.1 100 Continue\r\n\r\n")) {
      co_return false;
    }
  }
  co_return co_await pass_body<Stream, tcp::socket>(stream, c.in, c.head.body, left, scanner,
                                                    nullptr, dog, idle) == pass::done;
}

template <class Stream>
asio::awaitable<void> session(std::shared_ptr<traffic_state> state,
                              std::shared_ptr<tcp::socket> client, Stream& stream,
                              std::string listener_arn, std::shared_ptr<watchdog> dog) {
  auto source = address_of(*client);
  connection c;
  auto view = state->view();
  auto l = view ? view->listeners.find(listener_arn) : decltype(view->listeners.end()){};
  std::chrono::seconds idle =
      view && l != view->listeners.end() ? l->second.idle_timeout : std::chrono::seconds(60);
  while (view && l != view->listeners.end() && !state->closed) {
    auto parsed = parse_request_head(c.in.data(), c.head);
    if (parsed == parse_status::partial && c.in.size() < header_limit) {
      dog->arm(idle);
      auto [rec, n] = co_await stream.async_read_some(c.in.prepare(read_size), as_result);
      dog->disarm();
      if (!rec) {
        c.in.commit(n);
        continue;
      }
      // A client that went away between requests, or idled out; one that stopped within a
      // request gets a 400 when it still listens.
      if (rec == asio::error::operation_aborted || c.in.size() == 0) {
        break;
      }
      parsed = parse_status::bad;
    }
    std::string answer;
    bool keep = false;
    bool to_head = false;
    if (parsed != parse_status::complete) {
      answer = elb_page(400, 1, false);
    } else {
      // The snapshot may have changed while the request was read.
      view = state->view();
      l = view ? view->listeners.find(listener_arn) : decltype(view->listeners.end()){};
      if (!view || l == view->listeners.end()) {
        break;
      }
      idle = l->second.idle_timeout;
      keep = c.head.keep_alive;
      int minor = c.head.minor;
      to_head = c.head.method == "HEAD";
      view_of(c.head, source, c.view);
      const auto* action = choose_action(l->second.rules, c.view);
      std::string_view type = action == nullptr ? std::string_view() : action->type;
      int status = 503;  // no rule applies, or an action not served
      bool unread = true;
      std::optional<redirect_target> redirect;
      if (type == "forward") {
        auto f = co_await forward(*state, *view, l->second, *action, stream, c, source, *dog);
        c.consume_request();
        if (f.how == forwarded::end::close || (f.how == forwarded::end::answered && !f.keep)) {
          break;
        }
        if (f.how == forwarded::end::answered) {
          continue;
        }
        keep = f.keep;
        status = f.status;
        unread = f.unread;
      } else if (type == "redirect") {
        // Before the body is read past: the views of the head end then.
        redirect = redirect_of(*action, c.view, l->second.protocol, l->second.port);
      }
      if (unread && keep) {
        keep = co_await skip_body(stream, c, *dog, idle);
      }
      if (type == "fixed-response") {
        answer = fixed_response(*action, minor, keep);
      } else if (redirect) {
        answer = page(redirect->status, minor, keep, {}, {}, redirect->location);
      } else {
        answer = elb_page(status, minor, keep);
      }
    }
    if (to_head) {
      // The answer to HEAD is the head alone, its Content-Length that of the body it would have.
      answer.resize(answer.find("\r\n\r\n") + 4);
    }
    dog->arm(idle);
    auto wec = co_await write_all(stream, answer);
    dog->disarm();
    if (wec || !keep) {
      break;
    }
  }
  if constexpr (std::is_same_v<Stream, tls_stream>) {
    // close_notify, so that a client reading to the end sees an end and not a truncation.
    dog->arm(close_notify_timeout);
    co_await stream.async_shutdown(as_result);
    dog->disarm();
  }
  boost::system::error_code ignored;
  client->shutdown(tcp::socket::shutdown_both, ignored);
  client->close(ignored);
  for (auto& [key, up] : c.upstreams) {
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
  auto dog = std::make_shared<watchdog>(client);
  watchdog_stop stop{dog};
  if (!tls) {
    co_await session(state, client, *client, std::move(listener_arn), dog);
    co_return;
  }
  tls_stream stream(*client, *tls);
  dog->arm(handshake_timeout);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, as_result);
  dog->disarm();
  if (!ec) {
    co_await session(state, client, stream, std::move(listener_arn), dog);
    co_return;
  }
  // Not TLS, or a handshake that failed: the connection ends, the listener goes on.
  boost::system::error_code ignored;
  client->close(ignored);
  state->clients.erase(client);
}

}  // namespace minecs::lb
