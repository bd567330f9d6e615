#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include "minecs/core/json.hpp"

// A blocking client for the Docker Engine API. Every call opens its own connection, so one client
// is safe to share between threads; no call throws for I/O failures or Docker error replies.
namespace minecs::docker {

struct error {
  // 0 when no usable HTTP answer came (connect refused, timeout, malformed reply, stream cut);
  // otherwise the daemon's status. Failures the daemon reports inside a 200 progress stream (pull,
  // import) are given 500, the status it would have used had the headers not been sent yet.
  int http_status = 0;
  std::string message;

  bool transport() const { return http_status == 0; }
  bool not_found() const { return http_status == 404; }
  bool conflict() const { return http_status == 409; }
};

// Lets boost::system::result<T, error>::value() throw; prefer has_value()/error() at call sites.
[[noreturn]] void throw_exception_from_error(const error& e, const boost::source_location& loc);

template <class T>
using result = boost::system::result<T, error>;

using timeout = std::chrono::milliseconds;
using labels = std::map<std::string, std::string>;

// Where the daemon listens, parsed from the DOCKER_HOST forms unix:///path and tcp://host:port.
struct endpoint {
  enum class kind { unix_socket, tcp };
  kind type = kind::unix_socket;
  std::string path;  // unix_socket
  std::string host;  // tcp
  std::string port;  // tcp
  std::string to_string() const;
};
result<endpoint> parse_endpoint(std::string_view docker_host);

enum class log_stream { stdin_stream = 0, stdout_stream = 1, stderr_stream = 2 };

struct log_options {
  bool follow = true;
  bool timestamps = true;
  bool include_stdout = true;
  bool include_stderr = true;
  // Unix seconds, possibly fractional ("1700000000.5"), as Docker's `since` takes them.
  std::optional<std::string> since;
  std::optional<std::string> tail;  // "all" or a line count
};

struct event_options {
  // Docker's filter object, e.g. {"type":["container"],"label":["minecs.cluster"]}.
  json filters = json::object();
  // Resume point after a reconnect (unix seconds), so no event is lost in between.
  std::optional<std::string> since;
};

// Called once per demultiplexed frame. Containers with a TTY have no frames: their raw output is
// delivered as stdout_stream in whatever pieces it arrives.
using log_callback = std::function<void(log_stream, std::string_view payload)>;
using event_callback = std::function<void(const json& event)>;

// Abstract so that the reconciler's tests can substitute a double (gmock) for the daemon.
// Every call takes the time it may block for; streaming calls take it as the limit for connecting
// and receiving the response head, after which they block until the stream ends or `stop` fires.
class client {
 public:
  virtual ~client() = default;

  virtual result<void> ping(timeout t) = 0;
  // GET /version, unversioned: the daemon's own description.
  virtual result<json> version(timeout t) = 0;
  // "1.41" or lower: negotiated from /version on first use and cached; a failure is retried.
  virtual result<std::string> api_version(timeout t) = 0;

  // nullopt when the image is absent; else Docker's inspect JSON (Id, RepoDigests, ...).
  virtual result<std::optional<json>> inspect_image(std::string_view name, timeout t) = 0;
  // Imports a root filesystem tar as repo:tag and returns the new image id ("sha256:...").
  // `changes` are Dockerfile instructions applied to the config, e.g. R"(CMD ["/holder"])".
  virtual result<std::string> import_image(std::string tar, std::string_view repo,
                                           std::string_view tag,
                                           const std::vector<std::string>& changes, timeout t) = 0;
  virtual result<std::string> import_image_file(const std::string& tar_path, std::string_view repo,
                                                std::string_view tag,
                                                const std::vector<std::string>& changes,
                                                timeout t) = 0;
  // `reference` as in a task definition ("busybox", "repo:tag", "host/repo@sha256:..."); a
  // missing tag means "latest". The message of a failure is the daemon's own reason.
  virtual result<void> pull_image(std::string_view reference, timeout t) = 0;
  // The same with credentials for the registry: Docker's X-Registry-Auth value (base64url of
  // {"username","password","serveraddress"}). A client that knows no credentials ignores them.
  virtual result<void> pull_image_as(std::string_view reference, std::string_view registry_auth,
                                     timeout t) {
    (void)registry_auth;
    return pull_image(reference, t);
  }

  // `config` is Docker's container create body (Image, Cmd, Env, Labels, HostConfig,
  // NetworkingConfig, ...). Returns the container id.
  virtual result<std::string> create_container(std::string_view name, const json& config,
                                               timeout t) = 0;
  // Starting a running container, or stopping a stopped one, succeeds (Docker answers 304).
  virtual result<void> start_container(std::string_view id, timeout t) = 0;
  // Waits up to grace_seconds before Docker kills; the HTTP limit is t plus that grace.
  virtual result<void> stop_container(std::string_view id, int grace_seconds, timeout t) = 0;
  virtual result<void> kill_container(std::string_view id, std::string_view signal, timeout t) = 0;
  virtual result<void> remove_container(std::string_view id, bool force, bool volumes,
                                        timeout t) = 0;
  virtual result<json> inspect_container(std::string_view id, timeout t) = 0;
  // `label_filters` are "key" or "key=value"; all of them must match. Includes stopped ones
  // when `all`.
  virtual result<json> list_containers(const std::vector<std::string>& label_filters, bool all,
                                       timeout t) = 0;
  // One sample (stream=false): Docker's stats JSON.
  virtual result<json> container_stats(std::string_view id, timeout t) = 0;
  // One sample without the second read Docker otherwise waits a second for (one-shot=true):
  // precpu_stats stay empty, so the caller diffs its own samples. Cheap enough to take for every
  // task of every scaled service each metric period.
  virtual result<json> container_stats_once(std::string_view id, timeout t) {
    return container_stats(id, t);
  }
  // container_stats_once of every one of `ids` at once, the answers in their order, all within
  // `t`. Docker answers a stats call when its collector next wakes, a second after the last time,
  // so calls one after another take about a second each, and calls made together share one wake.
  // This fallback asks one by one (each within `t`).
  virtual std::vector<result<json>> container_stats_once_all(const std::vector<std::string>& ids,
                                                             timeout t) {
    return one_by_one(ids, [&](std::string_view id) { return container_stats_once(id, t); });
  }

  // container_stats of every one of `ids` at once (the task metadata's /task/stats), as
  // container_stats_once_all does; this fallback asks one by one.
  virtual std::vector<result<json>> container_stats_all(const std::vector<std::string>& ids,
                                                        timeout t) {
    return one_by_one(ids, [&](std::string_view id) { return container_stats(id, t); });
  }

  // Returns the network id. `subnet` (CIDR) is the network's address range; empty lets Docker
  // take one from its default address pools.
  virtual result<std::string> create_network(std::string_view name, std::string_view driver,
                                             const labels& network_labels, std::string_view subnet,
                                             timeout t) = 0;
  virtual result<json> inspect_network(std::string_view id_or_name, timeout t) = 0;
  virtual result<void> remove_network(std::string_view id_or_name, timeout t) = 0;
  virtual result<void> connect_network(std::string_view network, std::string_view container,
                                       const std::vector<std::string>& aliases, timeout t) = 0;
  virtual result<json> list_networks(const std::vector<std::string>& label_filters, timeout t) = 0;

  // Returns Docker's volume JSON (Name, Mountpoint, ...).
  virtual result<json> create_volume(std::string_view name, const labels& volume_labels,
                                     timeout t) = 0;
  virtual result<void> remove_volume(std::string_view name, bool force, timeout t) = 0;

  // Blocks delivering frames until the log ends (container gone, or !follow and all sent): success;
  // or `stop` is requested: success, promptly, even while the daemon is silent.
  virtual result<void> stream_logs(std::string_view id, const log_options& options,
                                   const log_callback& on_frame, std::stop_token stop,
                                   timeout t) = 0;
  // Blocks delivering events until `stop` is requested (success). The daemon ending the stream, or
  // going away, is an error: the caller reconnects, with `since` set to not miss events.
  virtual result<void> stream_events(const event_options& options, const event_callback& on_event,
                                     std::stop_token stop, timeout t) = 0;

 protected:
  // What the *_all calls fall back to: `ask` of each of `ids` in turn.
  template <typename Ask>
  static std::vector<result<json>> one_by_one(const std::vector<std::string>& ids, Ask ask) {
    std::vector<result<json>> out;
    out.reserve(ids.size());
    for (const auto& id : ids) {
      out.push_back(ask(id));
    }
    return out;
  }
};

std::unique_ptr<client> make_client(endpoint ep);
result<std::unique_ptr<client>> make_client(std::string_view docker_host);

}  // namespace minecs::docker
