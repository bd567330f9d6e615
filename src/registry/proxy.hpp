#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

#include "minecs/core/clock.hpp"
#include "minecs/store/database.hpp"

// The authenticating proxy on repositoryUri's address. Each request must carry
// "Authorization: Basic base64(AWS:<token>)" with a token GetAuthorizationToken issued (or the
// one minecs's own pulls use), else 401 with a Basic challenge, so that `docker login` asks for
// it; a request for a repository ECR does not have is NAME_UNKNOWN. Bodies are streamed both
// ways, except a manifest PUT's (small), which is checked for tag immutability and recorded.
namespace minecs::registry {

struct proxy_settings {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string upstream_host = "127.0.0.1";
  std::string upstream_port;
  std::string region;
  std::string account;
  std::string internal_token;
  std::function<void()> pushed;  // after a manifest is recorded
};

class proxy {
 public:
  proxy(boost::asio::io_context& io, store::database& db, const minecs::clock& clk,
        proxy_settings s);
  ~proxy();
  proxy(const proxy&) = delete;
  proxy& operator=(const proxy&) = delete;
  // Throws when it cannot listen.
  void start();
  void stop();
  int port() const;

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace minecs::registry
