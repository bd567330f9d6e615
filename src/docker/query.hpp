#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "minecs/core/json.hpp"

namespace minecs::docker::detail {

// Percent-encodes everything but RFC 3986's unreserved characters, so JSON filters survive.
std::string url_encode(std::string_view in);

// For a name inside the path (image references keep their '/', ':' and '@', as the CLI sends them).
std::string path_encode(std::string_view in);

// Builds "?k=v&k2=v2" (or "" when empty) with encoded values.
class query {
 public:
  query& add(std::string_view key, std::string_view value);
  // Not an overload of add: a string literal would pick bool over string_view.
  query& add_flag(std::string_view key, bool value) {
    return add(key, std::string_view(value ? "1" : "0"));
  }
  std::string str() const { return text_; }

 private:
  std::string text_;
};

// Docker's filters query value for label matches: {"label":["k=v",...]}.
std::string label_filters_json(const std::vector<std::string>& label_filters);

}  // namespace minecs::docker::detail
