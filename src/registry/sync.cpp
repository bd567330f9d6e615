#include "sync.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "minecs/registry/lifecycle.hpp"
#include "minecs/store/ecr_records.hpp"

namespace minecs::registry {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

registry_sync::registry_sync(store::database& db, const minecs::clock& clk,
                             std::string upstream_host, std::string upstream_port,
                             double period_seconds)
    : db_(db),
      clk_(clk),
      host_(std::move(upstream_host)),
      port_(std::move(upstream_port)),
      period_(period_seconds) {}

registry_sync::~registry_sync() {
  stop();
}

void registry_sync::start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable()) {
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
  }
}

void registry_sync::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!thread_.joinable()) {
      return;
    }
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void registry_sync::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

void registry_sync::run() {
  auto seen = db_.changes().generation();
  auto last_full = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      // Store changes are polled: the change signal has no stop of its own.
      wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_ || poked_; });
      if (stopping_) {
        return;
      }
      auto now = std::chrono::steady_clock::now();
      auto generation = db_.changes().generation();
      bool due = now - last_full > std::chrono::duration<double>(period_);
      if (!poked_ && generation == seen && !due) {
        continue;
      }
      poked_ = false;
      seen = generation;
      if (due) {
        last_full = now;
      }
    }
    try {
      pass();
    } catch (const std::exception& e) {
      spdlog::warn("registry sync: {}", e.what());
    }
    // What the pass itself wrote needs no second pass.
    std::lock_guard lock(mutex_);
    seen = db_.changes().generation();
  }
}

void registry_sync::pass() {
  apply_lifecycle();
  sync_tags();
  remove_manifests();
}

void registry_sync::apply_lifecycle() {
  auto now = clk_.now();
  struct expiry {
    store::ecr_repository repo;
    std::vector<std::string> digests;
  };
  // Read first: a pass that expires nothing writes nothing, so that it wakes no one.
  auto expiries = db_.read([&] {
    std::vector<expiry> out;
    for (const auto& repo : store::list_all_ecr_repositories(db_)) {
      if (repo.lifecycle_policy.empty()) {
        continue;
      }
      std::vector<lifecycle_rule> rules;
      try {
        rules = parse_lifecycle_policy(repo.lifecycle_policy);
      } catch (const invalid_policy&) {
        continue;
      }
      std::vector<lifecycle_image> images;
      for (const auto& i : store::list_ecr_images(db_, repo.region, repo.name)) {
        images.push_back({i.digest, i.tags, i.pushed_at});
      }
      auto digests = expired_images(rules, images, now);
      if (!digests.empty()) {
        out.push_back({repo, std::move(digests)});
      }
    }
    return out;
  });
  if (expiries.empty()) {
    return;
  }
  db_.write([&] {
    for (const auto& e : expiries) {
      for (const auto& digest : e.digests) {
        spdlog::info("registry: the lifecycle policy of {} expires {}", e.repo.name, digest);
        store::delete_ecr_image(db_, e.repo.region, e.repo.name, digest);
      }
    }
  });
}

void registry_sync::remove_manifests() {
  auto pending = db_.read([&] { return store::pending_ecr_removals(db_); });
  for (const auto& r : pending) {
    int status = call("DELETE", "/v2/" + r.repository + "/manifests/" + r.digest);
    if (status == 202 || status == 404) {
      db_.write([&] { store::done_ecr_removal(db_, r); });
    } else {
      spdlog::warn("registry: removing {}@{} answered {}", r.repository, r.digest, status);
      return;
    }
  }
}

void registry_sync::sync_tags() {
  auto images = db_.read([&] {
    std::vector<store::ecr_image> out;
    for (const auto& repo : store::list_all_ecr_repositories(db_)) {
      for (auto& i : store::list_ecr_images(db_, repo.region, repo.name)) {
        if (i.tags != i.registry_tags) {
          out.push_back(std::move(i));
        }
      }
    }
    return out;
  });
  for (auto& image : images) {
    auto base = "/v2/" + image.repository + "/manifests/";
    std::vector<std::string> have = image.registry_tags;
    // Tags the store took away: the registry deletes by digest only, so the manifest goes and
    // comes back under the tags it keeps.
    bool stale = std::any_of(have.begin(), have.end(), [&](const std::string& t) {
      return std::find(image.tags.begin(), image.tags.end(), t) == image.tags.end();
    });
    if (stale) {
      int status = call("DELETE", base + image.digest);
      if (status != 202 && status != 404) {
        continue;
      }
      have.clear();
      if (image.tags.empty() &&
          call("PUT", base + image.digest, image.manifest, image.media_type) != 201) {
        continue;
      }
    }
    for (const auto& tag : image.tags) {
      if (std::find(have.begin(), have.end(), tag) != have.end()) {
        continue;
      }
      if (call("PUT", base + tag, image.manifest, image.media_type) == 201) {
        have.push_back(tag);
      }
    }
    db_.write([&] {
      auto now = store::find_ecr_image(db_, image.region, image.repository, image.digest);
      if (now) {
        now->registry_tags = have;
        store::put_ecr_image(db_, *now);
      }
    });
  }
}

int registry_sync::call(const std::string& method, const std::string& target,
                        const std::string& body, const std::string& content_type) {
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(host_, port_));
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, host_ + ":" + port_);
    req.set(http::field::accept,
            "application/vnd.docker.distribution.manifest.v2+json, "
            "application/vnd.oci.image.manifest.v1+json, "
            "application/vnd.docker.distribution.manifest.list.v2+json, "
            "application/vnd.oci.image.index.v1+json");
    if (!content_type.empty()) {
      req.set(http::field::content_type, content_type);
    }
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return static_cast<int>(res.result_int());
  } catch (const std::exception& e) {
    spdlog::debug("registry: {} {}: {}", method, target, e.what());
    return 0;
  }
}

}  // namespace minecs::registry
