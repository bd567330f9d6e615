#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace minecs::server {

struct http_request {
  std::string method;
  std::string target;
  std::string body;
  std::string amz_target;
  std::string authorization;
};

struct http_response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/x-amz-json-1.1";
  std::string error_type;  // X-Amzn-ErrorType
};

// What the server does with one complete request; called on an io_context thread.
using request_handler = std::function<http_response(const http_request&, const std::string& id)>;

struct server_limits {
  std::size_t body_limit = 10 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  // Time to receive a whole request once its first byte has arrived, and to send a reply.
  std::chrono::seconds request_timeout{30};
  // Time an idle keep-alive connection is kept open.
  std::chrono::seconds idle_timeout{120};
};

// One coroutine per connection; HTTP/1.1 keep-alive; a fresh parser per message so that limits
// apply to each request. Every reply carries x-amzn-RequestId.
class http_server {
 public:
  http_server(boost::asio::io_context& io, const std::string& host, unsigned short port,
              request_handler handler, server_limits limits = {});
  ~http_server();
  unsigned short port() const;
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace minecs::server
