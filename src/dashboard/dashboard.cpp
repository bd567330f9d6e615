// The web console's files, served from the binary.
#include "minecs/dashboard/dashboard.hpp"

#include <algorithm>
#include <string>

#include "embedded_assets.hpp"

namespace minecs::dashboard {

namespace {

std::string_view content_type_of(std::string_view path) {
  auto dot = path.rfind('.');
  auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  if (ext == "html") {
    return "text/html; charset=utf-8";
  }
  if (ext == "js") {
    return "text/javascript; charset=utf-8";
  }
  if (ext == "css") {
    return "text/css; charset=utf-8";
  }
  if (ext == "svg") {
    return "image/svg+xml";
  }
  if (ext == "json") {
    return "application/json";
  }
  return "application/octet-stream";
}

server::http_response redirect(std::string_view to) {
  server::http_response out{302, {}, "text/plain; charset=utf-8", {}};
  out.body = "See " + std::string(to) + "\n";
  out.headers.emplace_back("Location", std::string(to));
  return out;
}

// The page talks to minecs's own API and nothing else; the browser keeps it that way.
void add_page_headers(server::http_response& out) {
  out.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'none'; frame-ancestors 'none'");
  out.headers.emplace_back("X-Content-Type-Options", "nosniff");
  out.headers.emplace_back("Referrer-Policy", "no-referrer");
  // The files change with the binary, not by date: a browser asks again at each load.
  out.headers.emplace_back("Cache-Control", "no-cache");
}

const embedded_asset* find_asset(std::string_view path) {
  auto assets = embedded_assets();
  auto it =
      std::lower_bound(assets.begin(), assets.end(), path,
                       [](const embedded_asset& a, std::string_view p) { return a.path < p; });
  return it != assets.end() && it->path == path ? &*it : nullptr;
}

}  // namespace

std::optional<server::http_response> serve(const server::http_request& req) {
  if (req.method != "GET") {
    return std::nullopt;
  }
  std::string_view target = req.target;
  auto path = target.substr(0, target.find_first_of("?#"));
  if (path == "/") {
    if (req.header("Accept").find("text/html") == std::string_view::npos) {
      return std::nullopt;
    }
    return redirect(base_path);
  }
  auto base = base_path.substr(0, base_path.size() - 1);
  if (path == base) {
    return redirect(base_path);
  }
  if (!path.starts_with(base_path)) {
    return std::nullopt;
  }
  auto name = path.substr(base_path.size());
  if (name.empty()) {
    name = "index.html";
  }
  const auto* asset = find_asset(name);
  server::http_response out;
  if (asset == nullptr) {
    out = {404,
           "No such file in the dashboard: " + std::string(name) + "\n",
           "text/plain; charset=utf-8",
           {}};
  } else {
    out = {200, std::string(asset->bytes), std::string(content_type_of(name)), {}};
  }
  add_page_headers(out);
  return out;
}

}  // namespace minecs::dashboard
