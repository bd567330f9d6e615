#pragma once
// ECR's image store: a real registry (Debian's docker-registry, the reference distribution
// registry) that minecs runs and supervises on an internal loopback port with its storage under
// the data directory, or one the user runs (settings::external_url). In front of it, on the
// address repositoryUri names, an authenticating proxy of minecs's own: it lets through requests
// that carry GetAuthorizationToken's token, refuses pushes to repositories ECR does not have and
// re-pushes of IMMUTABLE tags, and records each pushed manifest as an image in the store. A sync
// thread removes from the registry what the store deleted (BatchDeleteImage, DeleteRepository,
// lifecycle expiry) and adds the tags PutImage gave, and applies lifecycle policies (periodically
// and after each push).
#include <memory>
#include <optional>
#include <string>

namespace minecs {
class clock;
namespace store {
class database;
}
}  // namespace minecs

namespace minecs::registry {

struct settings {
  std::string binary = "/usr/bin/docker-registry";
  std::string data_dir;      // the registry's storage and config go under <data_dir>/registry
  std::string external_url;  // http://host:port of a registry the user runs; empty: our own
  std::string host = "127.0.0.1";
  int port = 0;  // the proxy's (repositoryUri's) port; 0: any free port
  std::string region = "us-east-1";
  std::string account = "000000000000";
  double lifecycle_period_seconds = 60;
};

struct pull_reference {
  std::string reference;  // host:port/repo:tag or host:port/repo@digest
  std::string auth;       // X-Registry-Auth
};

class image_store {
 public:
  image_store(store::database& db, const minecs::clock& clk, settings s);
  ~image_store();
  image_store(const image_store&) = delete;
  image_store& operator=(const image_store&) = delete;

  // Listens, starts the registry (when it is ours) and the sync; false (and a log line) when it
  // cannot.
  bool start();
  // Stops the registry process, the proxy and the sync; idempotent.
  void stop();

  // "127.0.0.1:<port>": the host of every repositoryUri.
  std::string endpoint() const;
  // What a task pulls for an image of a task definition, or nullopt when the registry has no
  // such repository (see reconcile::settings::registry_image).
  std::optional<pull_reference> pull_reference_of(const std::string& image);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace minecs::registry
