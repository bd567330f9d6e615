#include <stdexcept>

#include "transport.hpp"

namespace minecs::docker {

void throw_exception_from_error(const error& e, const boost::source_location&) {
  throw std::runtime_error(
      "docker: " + (e.http_status ? std::to_string(e.http_status) + ": " : "") + e.message);
}

namespace detail {

error error_from_reply(int status, std::string_view body) {
  auto parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    return {status, parsed["message"].get<std::string>()};
  }
  std::string text(body);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text.empty()) {
    text = "HTTP status " + std::to_string(status);
  }
  return {status, std::move(text)};
}

}  // namespace detail
}  // namespace minecs::docker
