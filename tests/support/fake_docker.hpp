#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "minecs/core/json.hpp"
#include "minecs/docker/client.hpp"

// A stand-in Docker daemon on a unix socket in a fresh temporary directory: it records each
// request and lets the test write the reply byte by byte, so chunk boundaries, malformed replies
// and silent peers are all under the test's control. One request per connection, as the client
// under test never reuses one.
namespace minecs::docker::testing {

struct recorded_request {
  std::string method;
  std::string target;
  std::string content_type;
  std::string body;

  std::string path() const { return target.substr(0, target.find('?')); }
  // The decoded value of one query parameter ("" when absent); the last one when repeated.
  std::string param(const std::string& key) const {
    return params(key).empty() ? "" : params(key).back();
  }
  std::vector<std::string> params(const std::string& key) const {
    std::vector<std::string> out;
    auto q = target.find('?');
    if (q == std::string::npos) {
      return out;
    }
    std::string rest = target.substr(q + 1);
    std::size_t pos = 0;
    while (pos <= rest.size()) {
      auto amp = rest.find('&', pos);
      auto item = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      auto eq = item.find('=');
      if (decode(item.substr(0, eq)) == key) {
        out.push_back(eq == std::string::npos ? "" : decode(item.substr(eq + 1)));
      }
      if (amp == std::string::npos) {
        break;
      }
      pos = amp + 1;
    }
    return out;
  }
  static std::string decode(const std::string& in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '%' && i + 2 < in.size()) {
        out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(in[i] == '+' ? ' ' : in[i]);
      }
    }
    return out;
  }
};

class fake_connection {
 public:
  explicit fake_connection(boost::asio::local::stream_protocol::socket& s) : socket_(s) {}

  bool write(std::string_view bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }
  void reply(int status, std::string_view body,
             std::string_view content_type = "application/json") {
    write("HTTP/1.1 " + std::to_string(status) +
          " X\r\nContent-Type: " + std::string(content_type) +
          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body));
  }
  void reply_json(int status, const json& body) { reply(status, body.dump()); }
  void begin_chunked(int status, std::string_view content_type) {
    write("HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " +
          std::string(content_type) + "\r\nTransfer-Encoding: chunked\r\n\r\n");
  }
  bool chunk(std::string_view data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return write(std::string(size) + std::string(data) + "\r\n");
  }
  void end_chunked() { write("0\r\n\r\n"); }
  // Blocks until the client hangs up; returns how long that took.
  std::chrono::milliseconds wait_for_hangup() {
    auto start = std::chrono::steady_clock::now();
    char buf[256];
    boost::system::error_code ec;
    while (!ec) {
      socket_.read_some(boost::asio::buffer(buf), ec);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  }

 private:
  boost::asio::local::stream_protocol::socket& socket_;
};

class fake_docker {
 public:
  using handler = std::function<void(const recorded_request&, fake_connection&)>;

  explicit fake_docker(std::string api_version = "1.43") : api_version_(std::move(api_version)) {
    char tmpl[] = "/tmp/minecs-fake-docker-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    socket_path_ = dir_ + "/docker.sock";
    acceptor_.open();
    acceptor_.bind(boost::asio::local::stream_protocol::endpoint(socket_path_));
    acceptor_.listen();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  ~fake_docker() {
    stopping_ = true;
    // Wakes the blocking accept.
    boost::asio::local::stream_protocol::socket poke(ioc_);
    boost::system::error_code ec;
    poke.connect(boost::asio::local::stream_protocol::endpoint(socket_path_), ec);
    accept_thread_.join();
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(mutex_);
      workers.swap(workers_);
    }
    for (auto& w : workers) {
      w.join();
    }
    std::filesystem::remove_all(dir_);
  }

  std::string docker_host() const { return "unix://" + socket_path_; }
  const std::string& socket_path() const { return socket_path_; }

  // Every request but GET /version goes to `h`; unset, they get 404.
  void on(handler h) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(h);
  }

  std::vector<recorded_request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // The requests other than the version negotiation.
  std::vector<recorded_request> api_requests() const {
    std::vector<recorded_request> out;
    for (auto& r : requests()) {
      if (r.path() != "/version") {
        out.push_back(r);
      }
    }
    return out;
  }

 private:
  void accept_loop() {
    for (;;) {
      auto socket = std::make_shared<boost::asio::local::stream_protocol::socket>(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(*socket, ec);
      if (stopping_ || ec) {
        return;
      }
      std::lock_guard lock(mutex_);
      workers_.emplace_back([this, socket] { serve(*socket); });
    }
  }

  void serve(boost::asio::local::stream_protocol::socket& socket) {
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    boost::system::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec) {
      return;
    }
    auto& msg = parser.get();
    recorded_request r{std::string(msg.method_string()), std::string(msg.target()),
                       std::string(msg[http::field::content_type]), msg.body()};
    handler h;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(r);
      h = handler_;
    }
    fake_connection conn(socket);
    if (r.method == "GET" && r.path() == "/version") {
      conn.reply_json(200, {{"ApiVersion", api_version_}, {"Version", "fake"}});
    } else if (h) {
      h(r, conn);
    } else {
      conn.reply_json(404, {{"message", "page not found"}});
    }
    socket.shutdown(boost::asio::socket_base::shutdown_send, ec);
  }

  std::string api_version_;
  std::string dir_;
  std::string socket_path_;
  boost::asio::io_context ioc_;
  boost::asio::local::stream_protocol::acceptor acceptor_{ioc_};
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  handler handler_;
  std::vector<recorded_request> requests_;
  std::vector<std::thread> workers_;
  std::thread accept_thread_;
};

// A Docker client connected to the fake daemon.
inline std::unique_ptr<client> client_for(const fake_docker& fake) {
  auto c = make_client(fake.docker_host());
  EXPECT_TRUE(c.has_value());
  return std::move(*c);
}

}  // namespace minecs::docker::testing
