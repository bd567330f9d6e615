#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minecs::server {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_request {
  std::string method;
  std::string target;
  std::string body;
  header_list headers;
  // The first header of that name (case-insensitive), empty when absent.
  std::string_view header(std::string_view name) const;
};

struct http_response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  header_list headers;  // beyond Content-Type, Content-Length, Server and Connection
};

// What the server does with one complete request; called on an io_context thread.
using request_handler = std::function<http_response(const http_request&)>;

// Why a request never reached the handler, or did not come back from it.
enum class transport_failure {
  too_large,      // the header or body is over server_limits
  malformed,      // not HTTP the parser accepts; `detail` says why
  handler_threw,  // a bug: the handler let an exception escape; `detail` is its what()
};
// The reply to such a request, in the error shape of whoever owns the listener: the server itself
// knows no protocol above HTTP.
using failure_reply = std::function<http_response(transport_failure, const std::string& detail)>;

struct server_limits {
  std::size_t body_limit = 10 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  // Time to receive a whole request once its first byte has arrived, and to send a reply.
  std::chrono::seconds request_timeout{30};
  // Time an idle keep-alive connection is kept open.
  std::chrono::seconds idle_timeout{120};
};

// One coroutine per connection; HTTP/1.1 keep-alive; a fresh parser per message so that limits
// apply to each request.
class http_server {
 public:
  http_server(boost::asio::io_context& io, const std::string& host, unsigned short port,
              request_handler handler, failure_reply on_failure, server_limits limits = {});
  ~http_server();
  unsigned short port() const;
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace minecs::server
