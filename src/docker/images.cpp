#include <fstream>
#include <sstream>

#include "engine_client.hpp"
#include "query.hpp"

namespace minecs::docker::detail {
namespace {

using http_verb = boost::beast::http::verb;

struct image_reference {
  std::string name;
  std::string tag;  // a tag or a digest
};

// "repo" -> latest; "host:5000/repo:tag" -> tag; "repo@sha256:..." -> the digest.
image_reference split_reference(std::string_view ref) {
  if (auto at = ref.find('@'); at != std::string_view::npos) {
    return {std::string(ref.substr(0, at)), std::string(ref.substr(at + 1))};
  }
  auto slash = ref.rfind('/');
  auto colon = ref.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    return {std::string(ref.substr(0, colon)), std::string(ref.substr(colon + 1))};
  }
  return {std::string(ref), "latest"};
}

}  // namespace

result<std::string> scan_progress(std::string_view body) {
  std::string last_status;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto end = body.find('\n', pos);
    auto line =
        body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? body.size() : end + 1;
    auto item = json::parse(line, nullptr, false);
    if (!item.is_object()) {
      continue;
    }
    if (item.contains("error")) {
      auto message =
          item["error"].is_string() ? item["error"].get<std::string>() : item["error"].dump();
      return error{500, std::move(message)};
    }
    if (item.contains("errorDetail") && item["errorDetail"].is_object()) {
      return error{500, item["errorDetail"].value("message", std::string("unknown error"))};
    }
    if (item.contains("status") && item["status"].is_string()) {
      last_status = item["status"].get<std::string>();
    }
  }
  return last_status;
}

result<std::string> engine_client::progress_call(std::string path, std::string body, timeout t,
                                                 std::string registry_auth) {
  auto content_type = body.empty() ? std::string() : std::string("application/x-tar");
  auto reply = call(http_verb::post, std::move(path), t, std::move(body), std::move(content_type),
                    std::move(registry_auth));
  if (!reply) {
    return reply.error();
  }
  return scan_progress(reply->body);
}

result<std::optional<json>> engine_client::inspect_image(std::string_view name, timeout t) {
  auto reply = call_json(http_verb::get, "/images/" + path_encode(name) + "/json", t);
  if (!reply) {
    if (reply.error().not_found()) {
      return std::optional<json>();
    }
    return reply.error();
  }
  return std::optional<json>(std::move(*reply));
}

result<std::string> engine_client::import_image(std::string tar, std::string_view repo,
                                                std::string_view tag,
                                                const std::vector<std::string>& changes,
                                                timeout t) {
  query q;
  q.add("fromSrc", "-").add("repo", repo).add("tag", tag);
  for (const auto& change : changes) {
    q.add("changes", change);
  }
  auto status = progress_call("/images/create" + q.str(), std::move(tar), t);
  if (!status) {
    return status.error();
  }
  // The final status of an import is the new image's id.
  if (status->starts_with("sha256:")) {
    return *status;
  }
  auto inspected = inspect_image(std::string(repo) + ":" + std::string(tag), t);
  if (inspected && *inspected) {
    return (**inspected).value("Id", *status);
  }
  return *status;
}

result<std::string> engine_client::import_image_file(const std::string& tar_path,
                                                     std::string_view repo, std::string_view tag,
                                                     const std::vector<std::string>& changes,
                                                     timeout t) {
  std::ifstream in(tar_path, std::ios::binary);
  if (!in) {
    return error{0, "cannot read " + tar_path};
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (!in && !in.eof()) {
    return error{0, "cannot read " + tar_path};
  }
  return import_image(std::move(content).str(), repo, tag, changes, t);
}

result<void> engine_client::pull_image(std::string_view reference, timeout t) {
  return pull_image_as(reference, {}, t);
}

result<void> engine_client::pull_image_as(std::string_view reference,
                                          std::string_view registry_auth, timeout t) {
  auto ref = split_reference(reference);
  query q;
  q.add("fromImage", ref.name).add("tag", ref.tag);
  auto status = progress_call("/images/create" + q.str(), {}, t, std::string(registry_auth));
  if (!status) {
    return status.error();
  }
  return {};
}

}  // namespace minecs::docker::detail
