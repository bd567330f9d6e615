#include "minecs/registry/image_store.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "minecs/core/clock.hpp"
#include "minecs/store/ecr_records.hpp"
#include "paths.hpp"
#include "process.hpp"
#include "proxy.hpp"
#include "sync.hpp"

namespace minecs::registry {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::string random_hex(std::size_t n) {
  std::random_device rd;
  std::string out;
  const char* digits = "0123456789abcdef";
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[rd() % 16];
  }
  return out;
}

int free_loopback_port() {
  asio::io_context io;
  tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

// "http://host:port" → {host, port}; nullopt for anything else (https is not spoken).
std::optional<std::pair<std::string, std::string>> parse_url(std::string url) {
  if (!url.starts_with("http://")) {
    return std::nullopt;
  }
  url = url.substr(7);
  while (url.ends_with("/")) {
    url.pop_back();
  }
  auto colon = url.rfind(':');
  if (url.empty() || url.find('/') != std::string::npos) {
    return std::nullopt;
  }
  if (colon == std::string::npos) {
    return std::pair{url, std::string("80")};
  }
  return std::pair{url.substr(0, colon), url.substr(colon + 1)};
}

std::string registry_config(const std::filesystem::path& storage, int port) {
  return "version: 0.1\n"
         "log:\n"
         "  level: warn\n"
         "  accesslog:\n"
         "    disabled: true\n"
         "storage:\n"
         "  filesystem:\n"
         "    rootdirectory: " +
         storage.string() +
         "\n"
         "  delete:\n"
         "    enabled: true\n"
         "  cache:\n"
         "    blobdescriptor: inmemory\n"
         "http:\n"
         "  addr: 127.0.0.1:" +
         std::to_string(port) + "\n  secret: " + random_hex(32) + "\n";
}

}  // namespace

struct image_store::impl {
  store::database& db;
  const minecs::clock& clk;
  settings cfg;
  std::string internal_token = random_hex(40);
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread io_thread;
  std::unique_ptr<registry_process> process;
  std::unique_ptr<proxy> front;
  std::unique_ptr<registry_sync> sync;
  std::string endpoint;
  bool started = false;

  impl(store::database& d, const minecs::clock& c, settings s) : db(d), clk(c), cfg(std::move(s)) {}
};

image_store::image_store(store::database& db, const minecs::clock& clk, settings s)
    : impl_(std::make_unique<impl>(db, clk, std::move(s))) {}

image_store::~image_store() {
  stop();
}

bool image_store::start() {
  auto& m = *impl_;
  std::string up_host = "127.0.0.1";
  std::string up_port;
  if (!m.cfg.external_url.empty()) {
    auto parsed = parse_url(m.cfg.external_url);
    if (!parsed) {
      spdlog::critical("invalid --ecr-registry {}: give http://HOST:PORT", m.cfg.external_url);
      return false;
    }
    up_host = parsed->first;
    up_port = parsed->second;
  } else {
    std::error_code ec;
    auto dir = std::filesystem::path(m.cfg.data_dir) / "registry";
    std::filesystem::create_directories(dir / "storage", ec);
    if (ec) {
      spdlog::critical("registry: cannot create {}: {}", dir.string(), ec.message());
      return false;
    }
    int port = free_loopback_port();
    up_port = std::to_string(port);
    if (std::filesystem::exists(m.cfg.binary)) {
      auto config = dir / "config.yml";
      std::ofstream(config) << registry_config(dir / "storage", port);
      m.process = std::make_unique<registry_process>(m.cfg.binary, config.string(),
                                                     (dir / "registry.log").string());
    } else {
      // The ECR API works all the same; pushes and pulls answer 502 until it is installed.
      spdlog::warn(
          "registry: {} is missing: ECR has no image store (install Debian's docker-registry "
          "package, as scripts/setup.sh does, or give --ecr-registry)",
          m.cfg.binary);
    }
  }
  proxy_settings ps;
  ps.host = m.cfg.host;
  ps.port = m.cfg.port;
  ps.upstream_host = up_host;
  ps.upstream_port = up_port;
  ps.region = m.cfg.region;
  ps.account = m.cfg.account;
  ps.internal_token = m.internal_token;
  m.sync = std::make_unique<registry_sync>(m.db, m.clk, up_host, up_port,
                                           m.cfg.lifecycle_period_seconds);
  auto* sync = m.sync.get();
  ps.pushed = [sync] { sync->poke(); };
  m.front = std::make_unique<proxy>(m.io, m.db, m.clk, ps);
  try {
    m.front->start();
  } catch (const std::exception& e) {
    spdlog::critical("registry: cannot listen on {}:{}: {}", m.cfg.host, m.cfg.port, e.what());
    return false;
  }
  // Docker speaks plain HTTP to loopback registries only: a wildcard listener is named by its
  // loopback address.
  auto named =
      m.cfg.host == "0.0.0.0" || m.cfg.host == "::" ? std::string("127.0.0.1") : m.cfg.host;
  m.endpoint = named + ":" + std::to_string(m.front->port());
  m.work.emplace(m.io.get_executor());
  m.io_thread = std::thread([&m] { m.io.run(); });
  if (m.process) {
    m.process->start();
  }
  m.sync->start();
  m.started = true;
  spdlog::info(
      "ECR registry at {} (repositoryUri host), backed by {}", m.endpoint,
      m.cfg.external_url.empty() ? m.cfg.binary + " on 127.0.0.1:" + up_port : m.cfg.external_url);
  return true;
}

void image_store::stop() {
  auto& m = *impl_;
  if (!m.started) {
    return;
  }
  m.started = false;
  m.sync->stop();
  m.front->stop();
  m.work.reset();
  m.io.stop();
  if (m.io_thread.joinable()) {
    m.io_thread.join();
  }
  if (m.process) {
    m.process->stop();
  }
}

std::string image_store::endpoint() const {
  return impl_->endpoint;
}

std::optional<pull_reference> image_store::pull_reference_of(const std::string& image) {
  auto& m = *impl_;
  auto name = split_image_name(image);
  auto auth = registry_auth_header("AWS", m.internal_token, m.endpoint);
  if (name.host == m.endpoint) {
    return pull_reference{image, auth};
  }
  if (!is_ecr_host(name.host)) {
    return std::nullopt;
  }
  bool held = m.db.read([&] {
    auto repo = store::find_ecr_repository_any_region(m.db, m.cfg.region, name.repository);
    if (!repo) {
      return false;
    }
    for (const auto& i : store::list_ecr_images(m.db, repo->region, repo->name)) {
      if (i.digest == name.reference ||
          std::find(i.tags.begin(), i.tags.end(), name.reference) != i.tags.end()) {
        return true;
      }
    }
    return false;
  });
  if (!held) {
    return std::nullopt;
  }
  auto separator = name.reference.starts_with("sha256:") ? "@" : ":";
  return pull_reference{m.endpoint + "/" + name.repository + separator + name.reference, auth};
}

}  // namespace minecs::registry
