#pragma once
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "minecs/agent/endpoints.hpp"
#include "minecs/server/http_server.hpp"

namespace minecs::agent {

struct listener_settings {
  int port = 0;  // on 127.0.0.1; 0 for any free port
  settings endpoint;
};

// The agent endpoints on their own listener and threads: a stats call blocks on Docker for a
// second or two and must not hold up the API.
class listener {
 public:
  listener(store::database& db, docker::client& docker, const clock& clk, listener_settings s);
  ~listener();
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;

  bool ok() const { return server_ != nullptr; }
  int port() const;
  void stop();

 private:
  boost::asio::io_context io_;
  endpoints endpoints_;
  std::unique_ptr<server::http_server> server_;
  std::vector<std::thread> threads_;
};

}  // namespace minecs::agent
