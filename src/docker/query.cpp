#include "query.hpp"

namespace minecs::docker::detail {

namespace {

std::string encode(std::string_view in, std::string_view keep) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (unsigned char c : in) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~' ||
                      keep.find(static_cast<char>(c)) != std::string_view::npos;
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace

std::string url_encode(std::string_view in) {
  return encode(in, {});
}

std::string path_encode(std::string_view in) {
  return encode(in, "/:@");
}

query& query::add(std::string_view key, std::string_view value) {
  text_.push_back(text_.empty() ? '?' : '&');
  text_ += url_encode(key);
  text_.push_back('=');
  text_ += url_encode(value);
  return *this;
}

std::string label_filters_json(const std::vector<std::string>& label_filters) {
  json filters = json::object();
  if (!label_filters.empty()) {
    filters["label"] = label_filters;
  }
  return filters.dump();
}

}  // namespace minecs::docker::detail
