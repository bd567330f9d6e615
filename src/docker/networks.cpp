#include "engine_client.hpp"
#include "query.hpp"

namespace minecs::docker::detail {
namespace {

using http_verb = boost::beast::http::verb;

}  // namespace

result<std::string> engine_client::create_network(std::string_view name, std::string_view driver,
                                                  const labels& network_labels,
                                                  std::string_view subnet, timeout t) {
  json body = {{"Name", name},
               {"Driver", driver.empty() ? std::string_view("bridge") : driver},
               {"CheckDuplicate", true},
               {"Labels", network_labels}};
  if (!subnet.empty()) {
    body["IPAM"] = {{"Driver", "default"}, {"Config", json::array({{{"Subnet", subnet}}})}};
  }
  auto reply = call_json(http_verb::post, "/networks/create", t, &body);
  if (!reply) {
    return reply.error();
  }
  if (!reply->is_object() || !(*reply)["Id"].is_string()) {
    return error{0, "network create: no Id in the reply"};
  }
  return (*reply)["Id"].get<std::string>();
}

result<json> engine_client::inspect_network(std::string_view id_or_name, timeout t) {
  return call_json(http_verb::get, "/networks/" + path_encode(id_or_name), t);
}

result<void> engine_client::remove_network(std::string_view id_or_name, timeout t) {
  return call_void(http_verb::delete_, "/networks/" + path_encode(id_or_name), t);
}

result<void> engine_client::connect_network(std::string_view network, std::string_view container,
                                            const std::vector<std::string>& aliases, timeout t) {
  json body = {{"Container", container}, {"EndpointConfig", {{"Aliases", aliases}}}};
  return call_void(http_verb::post, "/networks/" + path_encode(network) + "/connect", t, &body);
}

result<json> engine_client::list_networks(const std::vector<std::string>& label_filters,
                                          timeout t) {
  query q;
  q.add("filters", label_filters_json(label_filters));
  return call_json(http_verb::get, "/networks" + q.str(), t);
}

result<json> engine_client::create_volume(std::string_view name, const labels& volume_labels,
                                          timeout t) {
  json body = {{"Name", name}, {"Driver", "local"}, {"Labels", volume_labels}};
  return call_json(http_verb::post, "/volumes/create", t, &body);
}

result<void> engine_client::remove_volume(std::string_view name, bool force, timeout t) {
  query q;
  q.add("force", force ? "true" : "false");
  return call_void(http_verb::delete_, "/volumes/" + path_encode(name) + q.str(), t);
}

}  // namespace minecs::docker::detail
