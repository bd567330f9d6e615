#include "engine_client.hpp"

#include <charconv>

namespace minecs::docker {
namespace detail {
namespace {

using http_verb = boost::beast::http::verb;
using steady = std::chrono::steady_clock;

std::optional<std::pair<int, int>> parse_version(std::string_view v) {
  auto dot = v.find('.');
  if (dot == std::string_view::npos) {
    return std::nullopt;
  }
  int major = 0;
  int minor = 0;
  auto a = std::from_chars(v.data(), v.data() + dot, major);
  auto b = std::from_chars(v.data() + dot + 1, v.data() + v.size(), minor);
  if (a.ec != std::errc{} || a.ptr != v.data() + dot || b.ec != std::errc{} ||
      b.ptr != v.data() + v.size()) {
    return std::nullopt;
  }
  return std::pair{major, minor};
}

bool success(int status) {
  return (status >= 200 && status < 300) || status == 304;
}

}  // namespace

result<response> checked_reply(result<response> reply) {
  if (reply && !success(reply->status)) {
    return error_from_reply(reply->status, reply->body);
  }
  return reply;
}

result<json> json_reply(result<response> reply, std::string_view what) {
  if (!reply) {
    return reply.error();
  }
  auto parsed = json::parse(reply->body, nullptr, false);
  if (parsed.is_discarded()) {
    return error{0, std::string(what) + ": reply is not JSON"};
  }
  // Tagged: json converts implicitly to nearly anything, error included.
  return result<json>(boost::system::in_place_value, std::move(parsed));
}

std::string negotiate_api_version(std::string_view server) {
  auto theirs = parse_version(server);
  auto ours = parse_version(max_api_version);
  if (!theirs || *ours < *theirs) {
    return std::string(max_api_version);
  }
  return std::string(server);
}

result<void> engine_client::ping(timeout t) {
  auto reply = checked_reply(perform(ep_, request{http_verb::get, "/_ping", {}, {}, {}}, t));
  if (!reply) {
    return reply.error();
  }
  return {};
}

result<json> engine_client::version(timeout t) {
  auto reply = checked_reply(perform(ep_, request{http_verb::get, "/version", {}, {}, {}}, t));
  if (!reply) {
    return reply.error();
  }
  auto parsed = json::parse(reply->body, nullptr, false);
  if (!parsed.is_object()) {
    return error{0, "GET /version: reply is not a JSON object"};
  }
  // Tagged: json converts implicitly to nearly anything, error included.
  return result<json>(boost::system::in_place_value, std::move(parsed));
}

result<std::string> engine_client::api_version(timeout t) {
  {
    std::lock_guard lock(mutex_);
    if (api_version_) {
      return *api_version_;
    }
  }
  // Not under the lock: concurrent first calls may each ask, and agree.
  auto v = version(t);
  if (!v) {
    return v.error();
  }
  auto server = v->value("ApiVersion", std::string());
  if (server.empty()) {
    return error{0, "GET /version: no ApiVersion in the reply"};
  }
  std::lock_guard lock(mutex_);
  api_version_ = negotiate_api_version(server);
  return *api_version_;
}

result<request> engine_client::versioned(http_verb method, std::string path, timeout& t) {
  auto start = steady::now();
  auto v = api_version(t);
  if (!v) {
    return v.error();
  }
  auto spent = std::chrono::duration_cast<timeout>(steady::now() - start);
  t = spent < t ? t - spent : timeout{1};
  return request{method, "/v" + *v + std::move(path), {}, {}, {}};
}

result<response> engine_client::call(http_verb method, std::string path, timeout t,
                                     std::string body, std::string content_type,
                                     std::string registry_auth) {
  auto req = versioned(method, std::move(path), t);
  if (!req) {
    return req.error();
  }
  req->body = std::move(body);
  req->content_type = std::move(content_type);
  req->registry_auth = std::move(registry_auth);
  return checked_reply(perform(ep_, *req, t));
}

result<json> engine_client::call_json(http_verb method, std::string path, timeout t,
                                      const json* body) {
  auto target = path;
  return json_reply(body ? call(method, std::move(path), t, body->dump(), "application/json")
                         : call(method, std::move(path), t),
                    target);
}

result<void> engine_client::call_void(http_verb method, std::string path, timeout t,
                                      const json* body) {
  auto reply = body ? call(method, std::move(path), t, body->dump(), "application/json")
                    : call(method, std::move(path), t);
  if (!reply) {
    return reply.error();
  }
  return {};
}

}  // namespace detail

std::unique_ptr<client> make_client(endpoint ep) {
  return std::make_unique<detail::engine_client>(std::move(ep));
}

result<std::unique_ptr<client>> make_client(std::string_view docker_host) {
  auto ep = parse_endpoint(docker_host);
  if (!ep) {
    return ep.error();
  }
  return make_client(std::move(*ep));
}

}  // namespace minecs::docker
