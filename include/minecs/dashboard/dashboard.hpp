#pragma once
#include <optional>
#include <string_view>

#include "minecs/server/http_server.hpp"

namespace minecs::dashboard {

// Where the web console lives; every file it loads is below it and embedded in the binary.
inline constexpr std::string_view base_path = "/_minecs/ui/";

// The dashboard's answer to a GET: one of its files, a redirect of /_minecs/ui to base_path, or a
// redirect of "/" to base_path for a browser (Accept names text/html; an API client never asks
// for HTML). nullopt: the path is not the dashboard's. A path below base_path that names no file
// is a 404 of its own, in text.
std::optional<server::http_response> serve(const server::http_request& req);

}  // namespace minecs::dashboard
