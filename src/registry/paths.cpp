#include "paths.hpp"

#include <regex>

#include "minecs/api/pagination.hpp"
#include "minecs/core/json.hpp"

namespace minecs::registry {

api_path parse_api_path(std::string_view target) {
  api_path out;
  auto path = target.substr(0, target.find('?'));
  if (path == "/v2" || path == "/v2/") {
    out.what = api_path::kind::base;
    return out;
  }
  if (!path.starts_with("/v2/")) {
    return out;
  }
  auto rest = path.substr(4);
  struct marker {
    std::string_view text;
    api_path::kind what;
  };
  // The last marker wins: a repository name may itself hold "blobs" or "manifests".
  std::size_t best = std::string_view::npos;
  api_path::kind best_kind = api_path::kind::other;
  std::size_t best_len = 0;
  for (const auto& m :
       {marker{"/manifests/", api_path::kind::manifest}, marker{"/blobs/", api_path::kind::blob},
        marker{"/tags/list", api_path::kind::tags}}) {
    auto at = rest.rfind(m.text);
    if (at != std::string_view::npos && at > 0 && (best == std::string_view::npos || at > best)) {
      best = at;
      best_kind = m.what;
      best_len = m.text.size();
    }
  }
  if (best == std::string_view::npos) {
    return out;
  }
  out.what = best_kind;
  out.repository = std::string(rest.substr(0, best));
  if (best_kind == api_path::kind::manifest) {
    out.reference = std::string(rest.substr(best + best_len));
  }
  return out;
}

std::optional<std::string> basic_password(std::string_view authorization) {
  constexpr std::string_view scheme = "Basic ";
  if (authorization.size() <= scheme.size() ||
      !std::equal(scheme.begin(), scheme.end(), authorization.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return std::nullopt;
  }
  auto decoded = api::base64_decode(authorization.substr(scheme.size()));
  if (!decoded || !decoded->starts_with("AWS:")) {
    return std::nullopt;
  }
  return decoded->substr(4);
}

image_name split_image_name(std::string_view image) {
  image_name out;
  auto slash = image.find('/');
  if (slash != std::string_view::npos) {
    auto first = image.substr(0, slash);
    if (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
        first == "localhost") {
      out.host = std::string(first);
      image = image.substr(slash + 1);
    }
  }
  if (auto at = image.find('@'); at != std::string_view::npos) {
    out.repository = std::string(image.substr(0, at));
    out.reference = std::string(image.substr(at + 1));
    return out;
  }
  auto colon = image.rfind(':');
  auto last_slash = image.rfind('/');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    out.repository = std::string(image.substr(0, colon));
    out.reference = std::string(image.substr(colon + 1));
  } else {
    out.repository = std::string(image);
    out.reference = "latest";
  }
  return out;
}

bool is_ecr_host(std::string_view host) {
  static const std::regex ecr(R"(^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$)");
  return std::regex_match(host.begin(), host.end(), ecr);
}

std::int64_t manifest_size(std::string_view manifest) {
  auto doc = json::parse(manifest, nullptr, false);
  if (!doc.is_object()) {
    return 0;
  }
  std::int64_t total = 0;
  auto add = [&](const json& d) {
    if (d.is_object() && d.contains("size") && d["size"].is_number_integer()) {
      total += d["size"].get<std::int64_t>();
    }
  };
  for (const char* list : {"layers", "manifests"}) {
    if (doc.contains(list) && doc[list].is_array()) {
      for (const auto& d : doc[list]) {
        add(d);
      }
    }
  }
  if (doc.contains("config")) {
    add(doc["config"]);
  }
  return total;
}

std::string manifest_media_type(std::string_view manifest, std::string_view fallback) {
  auto doc = json::parse(manifest, nullptr, false);
  if (doc.is_object() && doc.contains("mediaType") && doc["mediaType"].is_string()) {
    return doc["mediaType"].get<std::string>();
  }
  return std::string(fallback);
}

std::string artifact_media_type(std::string_view manifest) {
  auto doc = json::parse(manifest, nullptr, false);
  if (doc.is_object() && doc.contains("config") && doc["config"].is_object()) {
    return doc["config"].value("mediaType", std::string());
  }
  return {};
}

std::string registry_auth_header(const std::string& user, const std::string& password,
                                 const std::string& server) {
  auto text = api::base64_encode(
      json{{"username", user}, {"password", password}, {"serveraddress", server}}.dump());
  for (auto& c : text) {
    if (c == '+') {
      c = '-';
    } else if (c == '/') {
      c = '_';
    }
  }
  return text;
}

}  // namespace minecs::registry
