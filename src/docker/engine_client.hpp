#pragma once
#include <mutex>
#include <optional>
#include <string>

#include "minecs/docker/client.hpp"
#include "transport.hpp"

namespace minecs::docker::detail {

// The newest API version minecs speaks; older daemons get their own, newer ones this.
inline constexpr std::string_view max_api_version = "1.41";

// min(server, ours) of two "major.minor" versions; the server's when it does not parse.
std::string negotiate_api_version(std::string_view server);

// An exchange as a call's result: the daemon's own error for a status other than 2xx or 304.
result<response> checked_reply(result<response> reply);
// The JSON body of a call's result, or an error naming `what` when it is not JSON.
result<json> json_reply(result<response> reply, std::string_view what);

class engine_client final : public client {
 public:
  explicit engine_client(endpoint ep) : ep_(std::move(ep)) {}

  result<void> ping(timeout t) override;
  result<json> version(timeout t) override;
  result<std::string> api_version(timeout t) override;

  result<std::optional<json>> inspect_image(std::string_view name, timeout t) override;
  result<std::string> import_image(std::string tar, std::string_view repo, std::string_view tag,
                                   const std::vector<std::string>& changes, timeout t) override;
  result<std::string> import_image_file(const std::string& tar_path, std::string_view repo,
                                        std::string_view tag,
                                        const std::vector<std::string>& changes,
                                        timeout t) override;
  result<void> pull_image(std::string_view reference, timeout t) override;
  result<void> pull_image_as(std::string_view reference, std::string_view registry_auth,
                             timeout t) override;

  result<std::string> create_container(std::string_view name, const json& config,
                                       timeout t) override;
  result<void> start_container(std::string_view id, timeout t) override;
  result<void> stop_container(std::string_view id, int grace_seconds, timeout t) override;
  result<void> kill_container(std::string_view id, std::string_view signal, timeout t) override;
  result<void> remove_container(std::string_view id, bool force, bool volumes, timeout t) override;
  result<json> inspect_container(std::string_view id, timeout t) override;
  result<json> list_containers(const std::vector<std::string>& label_filters, bool all,
                               timeout t) override;
  result<json> container_stats(std::string_view id, timeout t) override;
  result<json> container_stats_once(std::string_view id, timeout t) override;
  std::vector<result<json>> container_stats_once_all(const std::vector<std::string>& ids,
                                                     timeout t) override;
  std::vector<result<json>> container_stats_all(const std::vector<std::string>& ids,
                                                timeout t) override;

  result<std::string> create_network(std::string_view name, std::string_view driver,
                                     const labels& network_labels, std::string_view subnet,
                                     timeout t) override;
  result<json> inspect_network(std::string_view id_or_name, timeout t) override;
  result<void> remove_network(std::string_view id_or_name, timeout t) override;
  result<void> connect_network(std::string_view network, std::string_view container,
                               const std::vector<std::string>& aliases, timeout t) override;
  result<json> list_networks(const std::vector<std::string>& label_filters, timeout t) override;

  result<json> create_volume(std::string_view name, const labels& volume_labels,
                             timeout t) override;
  result<void> remove_volume(std::string_view name, bool force, timeout t) override;

  result<void> stream_logs(std::string_view id, const log_options& options,
                           const log_callback& on_frame, std::stop_token stop, timeout t) override;
  result<void> stream_events(const event_options& options, const event_callback& on_event,
                             std::stop_token stop, timeout t) override;

 private:
  // The stats of `ids` at once, each asked with `query` ("?stream=false...").
  std::vector<result<json>> stats_all(const std::vector<std::string>& ids, std::string_view query,
                                      timeout t);
  // `path` (with its query) under the negotiated "/v1.xx" prefix; the negotiation, when it has
  // to happen, spends part of `t`, which is why `t` is updated.
  result<request> versioned(boost::beast::http::verb method, std::string path, timeout& t);
  // A versioned call whose reply is a 2xx (or 304, "already so") or an error.
  result<response> call(boost::beast::http::verb method, std::string path, timeout t,
                        std::string body = {}, std::string content_type = {},
                        std::string registry_auth = {});
  result<json> call_json(boost::beast::http::verb method, std::string path, timeout t,
                         const json* body = nullptr);
  result<void> call_void(boost::beast::http::verb method, std::string path, timeout t,
                         const json* body = nullptr);
  // Import and pull reply 200 and then report progress, and failure, as a stream of JSON objects.
  result<std::string> progress_call(std::string path, std::string body, timeout t,
                                    std::string registry_auth = {});

  endpoint ep_;
  std::mutex mutex_;
  std::optional<std::string> api_version_;
};

// An error object inside a progress stream ends it: {"error":"...","errorDetail":{...}}.
// Returns the last "status" seen (import puts the image id there) or that error.
result<std::string> scan_progress(std::string_view body);

}  // namespace minecs::docker::detail
