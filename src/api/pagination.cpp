#include "minecs/api/pagination.hpp"

#include <array>

#include "minecs/core/service_error.hpp"

namespace minecs::api {

namespace {
constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) {
      v |= static_cast<unsigned char>(in[i + 1]) << 8;
    }
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view in) {
  std::array<int, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  }
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (char c : in) {
    if (c == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) {
      return std::nullopt;
    }
    int v = table[static_cast<unsigned char>(c)];
    if (v < 0) {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  if (padding > 2) {
    return std::nullopt;
  }
  return out;
}

std::string encode_page_token(const json& cursor) {
  return base64_encode(cursor.dump());
}

json make_page_cursor(std::string_view listing, const json& after) {
  return json{{"l", listing}, {"a", after}};
}

json decode_page_token(std::string_view token, std::string_view listing) {
  auto raw = base64_decode(token);
  if (raw) {
    auto cursor = json::parse(*raw, nullptr, false);
    if (cursor.is_object() && cursor.contains("l") && cursor["l"] == listing &&
        cursor.contains("a")) {
      return cursor["a"];
    }
  }
  throw invalid_parameter("Invalid token " + std::string(token));
}

int page_size(const json& input, int default_size, int limit) {
  auto it = input.find("maxResults");
  if (it == input.end() || it->is_null()) {
    return default_size;
  }
  auto n = it->get<long long>();
  if (n < 1 || n > limit) {
    throw invalid_parameter("maxResults must be between 1 and " + std::to_string(limit) + ".");
  }
  return static_cast<int>(n);
}

}  // namespace minecs::api
