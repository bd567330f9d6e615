#pragma once
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "minecs/agent/credentials.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/server/http_server.hpp"
#include "minecs/store/database.hpp"

namespace minecs::agent {

class endpoints;

struct settings {
  static_credentials keys;  // every task role's keys when assume_role is unset
  assume_role_fn assume_role = {};
  docker::timeout call_timeout{30000};
};

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
  std::unique_ptr<endpoints> endpoints_;
  std::unique_ptr<server::http_server> server_;
  std::vector<std::thread> threads_;
};

}  // namespace minecs::agent
