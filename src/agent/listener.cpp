#include "minecs/agent/listener.hpp"

#include "endpoints.hpp"

#include <spdlog/spdlog.h>

namespace minecs::agent {

listener::listener(store::database& db, docker::client& docker, const clock& clk,
                   listener_settings s)
    : endpoints_(std::make_unique<endpoints>(db, &docker, clk, std::move(s.endpoint))) {
  auto handler = [this](const server::http_request& req) {
    auto path = req.target.substr(0, req.target.find('?'));
    auto r = endpoints_->handle(req.method, path, req.body);
    spdlog::debug("agent {} {} {}", req.method, path, r.status);
    return server::http_response{r.status, r.body.dump(), "application/json", {}};
  };
  // The agent's own error shape, as its 404s: {"error": "..."}.
  auto on_failure = [](server::transport_failure failure, const std::string& detail) {
    unsigned status = 500;
    std::string message = "internal error";
    if (failure == server::transport_failure::too_large) {
      status = 413;
      message = detail;
    } else if (failure == server::transport_failure::malformed) {
      status = 400;
      message = detail;
    }
    return server::http_response{status, json{{"error", message}}.dump(), "application/json", {}};
  };
  try {
    server_ = std::make_unique<server::http_server>(
        io_, "127.0.0.1", static_cast<unsigned short>(s.port), handler, on_failure);
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on 127.0.0.1:{} for the agent endpoints: {}", s.port, e.what());
    return;
  }
  for (int i = 0; i < 2; ++i) {
    threads_.emplace_back([this] { io_.run(); });
  }
  spdlog::info("agent endpoints on http://127.0.0.1:{} (for containers: http://169.254.170.2)",
               server_->port());
}

listener::~listener() {
  stop();
}

int listener::port() const {
  return server_ ? server_->port() : 0;
}

void listener::stop() {
  if (server_) {
    server_->stop();
  }
  io_.stop();
  for (auto& t : threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
  threads_.clear();
}

}  // namespace minecs::agent
