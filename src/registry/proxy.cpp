#include "proxy.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "framing.hpp"
#include "minecs/store/ecr_records.hpp"
#include "paths.hpp"
#include "pushes.hpp"

namespace minecs::registry {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t header_limit = 64 * 1024;
constexpr std::uint64_t manifest_limit = 4ULL * 1024 * 1024;
// A blob upload or download may take long; a connection that says nothing for this long ends.
constexpr std::chrono::seconds idle_timeout{300};

using error_code = boost::system::error_code;

http::response<http::string_body> registry_error(const refusal& r, unsigned version,
                                                 const std::string& realm) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set("Docker-Distribution-Api-Version", "registry/2.0");
  if (r.status == 401) {
    res.set(http::field::www_authenticate,
            "Basic realm=\"" + realm + "\",service=\"ecr.amazonaws.com\"");
  }
  res.body() =
      json{{"errors",
            json::array({{{"code", r.code}, {"message", r.message}, {"detail", nullptr}}})}}
          .dump();
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

// The header as it goes on the wire.
template <bool is_request>
std::string wire_header(const http::header<is_request>& h) {
  std::ostringstream out;
  out << h;
  return std::move(out).str();
}

// Forwards a message whose header was read from `from`: the header, then the body's bytes as
// they come (what `buffer` holds first), until `framing` says the body ended. Bytes after it
// stay in `buffer` for the next message.
template <bool is_request>
asio::awaitable<error_code> relay(beast::tcp_stream& from, beast::flat_buffer& buffer,
                                  const http::header<is_request>& head, body_framing framing,
                                  beast::tcp_stream& to) {
  auto text = wire_header(head);
  to.expires_after(idle_timeout);
  auto [hec, hn] = co_await asio::async_write(to, asio::buffer(text), as_result);
  (void)hn;
  if (hec) {
    co_return hec;
  }
  if (buffer.size() > 0 && !framing.done()) {
    const auto* data = static_cast<const char*>(buffer.data().data());
    auto k = framing.take(data, buffer.size());
    to.expires_after(idle_timeout);
    auto [wec, wn] = co_await asio::async_write(to, asio::buffer(data, k), as_result);
    (void)wn;
    if (wec) {
      co_return wec;
    }
    buffer.consume(k);
  }
  std::vector<char> chunk(256 * 1024);
  while (!framing.done()) {
    from.expires_after(idle_timeout);
    auto [rec, n] = co_await from.async_read_some(asio::buffer(chunk), as_result);
    if (rec == asio::error::eof && framing.until_close_delimited()) {
      co_return error_code{};
    }
    if (rec) {
      co_return rec;
    }
    auto k = framing.take(chunk.data(), n);
    to.expires_after(idle_timeout);
    auto [wec, wn] = co_await asio::async_write(to, asio::buffer(chunk.data(), k), as_result);
    (void)wn;
    if (wec) {
      co_return wec;
    }
    if (k < n) {
      auto rest = asio::buffer(chunk.data() + k, n - k);
      buffer.commit(asio::buffer_copy(buffer.prepare(n - k), rest));
    }
  }
  co_return error_code{};
}

template <bool is_request>
body_framing framing_of(const http::parser<is_request, http::empty_body>& p, bool no_body) {
  if (no_body) {
    return body_framing::none();
  }
  if (p.chunked()) {
    return body_framing::chunked();
  }
  if (auto n = p.content_length()) {
    return body_framing::length(*n);
  }
  // A request without either has no body; a response ends with the connection.
  return is_request ? body_framing::none() : body_framing::until_close();
}

}  // namespace

struct proxy::state : std::enable_shared_from_this<proxy::state> {
  state(asio::io_context& io, store::database& d, const minecs::clock& c, proxy_settings s)
      : acceptor(io), db(d), clk(c), cfg(std::move(s)) {}

  tcp::acceptor acceptor;
  store::database& db;
  const minecs::clock& clk;
  proxy_settings cfg;
  int port = 0;
  std::mutex mutex;
  std::set<std::shared_ptr<beast::tcp_stream>> clients;
  bool closed = false;

  std::string realm() const { return "https://" + cfg.host + ":" + std::to_string(port) + "/"; }

  bool authorized(const http::request_header<>& h) {
    auto password = basic_password(std::string_view(h[http::field::authorization]));
    if (!password) {
      return false;
    }
    if (!cfg.internal_token.empty() && *password == cfg.internal_token) {
      return true;
    }
    return db.read([&] { return store::ecr_token_valid(db, *password, clk.now()); });
  }

  // The registry process may still be starting (minecs does not wait for it) or restarting:
  // refused connections are tried again for a few seconds.
  asio::awaitable<bool> connect_upstream(std::optional<beast::tcp_stream>& up) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto [rec, endpoints] =
        co_await resolver.async_resolve(cfg.upstream_host, cfg.upstream_port, as_result);
    if (rec) {
      co_return false;
    }
    for (int attempt = 0; attempt < 50; ++attempt) {
      up.emplace(executor);
      up->expires_after(std::chrono::seconds(10));
      auto [cec, ep] = co_await up->async_connect(endpoints, as_result);
      (void)ep;
      if (!cec) {
        up->socket().set_option(tcp::no_delay(true));
        co_return true;
      }
      up.reset();
      if (cec != asio::error::connection_refused) {
        break;
      }
      asio::steady_timer pause(executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::use_awaitable);
    }
    co_return false;
  }

  // A manifest PUT: read whole, checked, forwarded, and recorded when the registry stored it.
  asio::awaitable<bool> push_manifest(beast::tcp_stream& client, beast::flat_buffer& buffer,
                                      http::request_parser<http::empty_body>& head,
                                      beast::tcp_stream& up, beast::flat_buffer& up_buffer,
                                      const store::ecr_repository& repo,
                                      const std::string& reference, bool keep) {
    http::request_parser<http::string_body> p{std::move(head)};
    p.body_limit(manifest_limit);
    client.expires_after(idle_timeout);
    auto [ec, n] = co_await http::async_read(client, buffer, p, as_result);
    (void)n;
    if (ec) {
      co_return false;
    }
    auto req = p.release();
    auto refused = db.read([&] { return check_manifest_push(db, repo, reference, req.body()); });
    if (refused) {
      auto res = registry_error(*refused, req.version(), realm());
      client.expires_after(idle_timeout);
      co_await http::async_write(client, res, as_result);
      co_return false;
    }
    req.keep_alive(true);
    req.prepare_payload();
    up.expires_after(idle_timeout);
    auto [wec, w] = co_await http::async_write(up, req, as_result);
    (void)w;
    if (wec) {
      co_return false;
    }
    http::response_parser<http::string_body> rp;
    rp.body_limit(manifest_limit);
    up.expires_after(idle_timeout);
    auto [rec, r] = co_await http::async_read(up, up_buffer, rp, as_result);
    (void)r;
    if (rec) {
      co_return false;
    }
    auto res = rp.release();
    if (res.result() == http::status::created) {
      auto digest = std::string(res["Docker-Content-Digest"]);
      auto type = std::string(req[http::field::content_type]);
      db.write([&] {
        // The repository may have gone meanwhile.
        if (store::find_ecr_repository(db, repo.region, repo.name)) {
          record_push(db, repo, reference, digest, req.body(), type, clk.now());
        }
      });
      if (cfg.pushed) {
        cfg.pushed();
      }
    }
    res.keep_alive(keep);
    client.expires_after(idle_timeout);
    auto [cwec, cw] = co_await http::async_write(client, res, as_result);
    (void)cw;
    co_return !cwec && keep;
  }

  asio::awaitable<void> session(std::shared_ptr<beast::tcp_stream> client) {
    beast::flat_buffer buffer;
    std::optional<beast::tcp_stream> up;
    beast::flat_buffer up_buffer;
    for (;;) {
      http::request_parser<http::empty_body> head;
      head.header_limit(header_limit);
      head.body_limit(boost::none);
      client->expires_after(idle_timeout);
      auto [ec, n] = co_await http::async_read_header(*client, buffer, head, as_result);
      (void)n;
      if (ec) {
        break;
      }
      auto& h = head.get();
      bool keep = h.keep_alive();
      auto path = parse_api_path(std::string_view(h.target().data(), h.target().size()));
      std::optional<refusal> refused;
      std::optional<store::ecr_repository> repo;
      if (!authorized(h)) {
        refused = refusal{401, "UNAUTHORIZED", "Not Authorized"};
      } else if (!path.repository.empty()) {
        refusal why;
        repo = db.read(
            [&] { return repository_for(db, cfg.region, cfg.account, path.repository, why); });
        if (!repo) {
          refused = why;
        }
      }
      if (!refused && (!up || !up->socket().is_open())) {
        up_buffer.clear();
        if (!co_await connect_upstream(up)) {
          refused = refusal{502, "UNAVAILABLE", "the registry behind minecs does not answer"};
        }
      }
      if (refused) {
        auto res = registry_error(*refused, h.version(), realm());
        client->expires_after(idle_timeout);
        co_await http::async_write(*client, res, as_result);
        break;
      }
      h.keep_alive(true);
      if (path.what == api_path::kind::manifest && h.method() == http::verb::put) {
        if (!co_await push_manifest(*client, buffer, head, *up, up_buffer, *repo, path.reference,
                                    keep)) {
          break;
        }
        continue;
      }
      bool is_head = h.method() == http::verb::head;
      if (auto rec = co_await relay(*client, buffer, h, framing_of(head, false), *up); rec) {
        break;
      }
      http::response_parser<http::empty_body> res;
      res.header_limit(header_limit);
      res.body_limit(boost::none);
      up->expires_after(idle_timeout);
      auto [hec, hn] = co_await http::async_read_header(*up, up_buffer, res, as_result);
      (void)hn;
      if (hec) {
        break;
      }
      auto status = res.get().result_int();
      bool no_body = is_head || status / 100 == 1 || status == 204 || status == 304;
      auto framing = framing_of(res, no_body);
      bool up_keep = res.get().keep_alive() && !framing.until_close_delimited();
      res.get().keep_alive(keep && !framing.until_close_delimited());
      if (auto wec = co_await relay(*up, up_buffer, res.get().base(), framing, *client); wec) {
        break;
      }
      if (framing.until_close_delimited()) {
        break;
      }
      if (!up_keep) {
        error_code ignored;
        up->socket().close(ignored);
        up.reset();
      }
      if (!keep) {
        break;
      }
    }
    error_code ignored;
    client->socket().shutdown(tcp::socket::shutdown_both, ignored);
    client->socket().close(ignored);
    if (up) {
      up->socket().close(ignored);
    }
    std::lock_guard lock(mutex);
    clients.erase(client);
  }

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(as_result);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
          co_return;
        }
        continue;
      }
      auto client = std::make_shared<beast::tcp_stream>(std::move(socket));
      {
        std::lock_guard lock(mutex);
        if (closed) {
          co_return;
        }
        clients.insert(client);
      }
      asio::co_spawn(acceptor.get_executor(), self->session(client), asio::detached);
    }
  }
};

proxy::proxy(asio::io_context& io, store::database& db, const minecs::clock& clk, proxy_settings s)
    : state_(std::make_shared<state>(io, db, clk, std::move(s))) {}

proxy::~proxy() {
  stop();
}

void proxy::start() {
  auto& st = *state_;
  tcp::endpoint ep(asio::ip::make_address(st.cfg.host), static_cast<unsigned short>(st.cfg.port));
  st.acceptor.open(ep.protocol());
  st.acceptor.set_option(tcp::acceptor::reuse_address(true));
  st.acceptor.bind(ep);
  st.acceptor.listen();
  st.port = st.acceptor.local_endpoint().port();
  asio::co_spawn(st.acceptor.get_executor(), state_->accept_loop(), asio::detached);
}

void proxy::stop() {
  auto st = state_;
  asio::post(st->acceptor.get_executor(), [st] {
    error_code ignored;
    st->acceptor.close(ignored);
    std::lock_guard lock(st->mutex);
    st->closed = true;
    for (const auto& c : st->clients) {
      c->socket().close(ignored);
    }
  });
}

int proxy::port() const {
  return state_->port;
}

}  // namespace minecs::registry
