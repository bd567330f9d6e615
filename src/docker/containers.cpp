#include "engine_client.hpp"
#include "query.hpp"

namespace minecs::docker::detail {
namespace {

using http_verb = boost::beast::http::verb;

// Open connections of one batch of stats calls: a hundred tasks' containers share one wake of
// Docker's stats collector, and a daemon with more still gets a bounded number of them at once.
constexpr std::size_t stats_in_flight = 128;

std::string container_path(std::string_view id, std::string_view rest) {
  return "/containers/" + path_encode(id) + std::string(rest);
}

}  // namespace

result<std::string> engine_client::create_container(std::string_view name, const json& config,
                                                    timeout t) {
  query q;
  if (!name.empty()) {
    q.add("name", name);
  }
  auto reply = call_json(http_verb::post, "/containers/create" + q.str(), t, &config);
  if (!reply) {
    return reply.error();
  }
  if (!reply->is_object() || !(*reply)["Id"].is_string()) {
    return error{0, "container create: no Id in the reply"};
  }
  return (*reply)["Id"].get<std::string>();
}

result<void> engine_client::start_container(std::string_view id, timeout t) {
  return call_void(http_verb::post, container_path(id, "/start"), t);
}

result<void> engine_client::stop_container(std::string_view id, int grace_seconds, timeout t) {
  query q;
  q.add("t", std::to_string(grace_seconds));
  return call_void(http_verb::post, container_path(id, "/stop") + q.str(),
                   t + std::chrono::seconds(std::max(grace_seconds, 0)));
}

result<void> engine_client::kill_container(std::string_view id, std::string_view signal,
                                           timeout t) {
  query q;
  if (!signal.empty()) {
    q.add("signal", signal);
  }
  return call_void(http_verb::post, container_path(id, "/kill") + q.str(), t);
}

result<void> engine_client::remove_container(std::string_view id, bool force, bool volumes,
                                             timeout t) {
  query q;
  q.add("force", force ? "true" : "false").add("v", volumes ? "true" : "false");
  return call_void(http_verb::delete_, container_path(id, "") + q.str(), t);
}

result<json> engine_client::inspect_container(std::string_view id, timeout t) {
  return call_json(http_verb::get, container_path(id, "/json"), t);
}

result<json> engine_client::list_containers(const std::vector<std::string>& label_filters, bool all,
                                            timeout t) {
  query q;
  q.add("all", all ? "true" : "false").add("filters", label_filters_json(label_filters));
  return call_json(http_verb::get, "/containers/json" + q.str(), t);
}

result<json> engine_client::container_stats(std::string_view id, timeout t) {
  return call_json(http_verb::get, container_path(id, "/stats") + "?stream=false", t);
}

result<json> engine_client::container_stats_once(std::string_view id, timeout t) {
  return call_json(http_verb::get, container_path(id, "/stats") + "?stream=false&one-shot=true", t);
}

std::vector<result<json>> engine_client::container_stats_once_all(
    const std::vector<std::string>& ids, timeout t) {
  return stats_all(ids, "?stream=false&one-shot=true", t);
}

std::vector<result<json>> engine_client::container_stats_all(const std::vector<std::string>& ids,
                                                             timeout t) {
  return stats_all(ids, "?stream=false", t);
}

std::vector<result<json>> engine_client::stats_all(const std::vector<std::string>& ids,
                                                   std::string_view query, timeout t) {
  std::vector<result<json>> out;
  std::vector<request> reqs;
  for (const auto& id : ids) {
    auto req = versioned(http_verb::get, container_path(id, "/stats") + std::string(query), t);
    if (!req) {
      return {ids.size(), result<json>(boost::system::in_place_error, req.error())};
    }
    reqs.push_back(std::move(*req));
  }
  for (auto& reply : perform_all(ep_, reqs, stats_in_flight, t)) {
    out.push_back(json_reply(checked_reply(std::move(reply)), "container stats"));
  }
  return out;
}

}  // namespace minecs::docker::detail
