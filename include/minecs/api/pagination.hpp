#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "minecs/core/json.hpp"

namespace minecs::api {

// nextToken values are opaque to clients: base64 of a small JSON cursor. A token that does not
// decode, or that was made for another listing, is an InvalidParameterException.
std::string encode_page_token(const json& cursor);
json decode_page_token(std::string_view token, std::string_view listing);
json make_page_cursor(std::string_view listing, const json& after);

// maxResults for List* calls: absent -> default, else 1..limit (ECS answers InvalidParameter).
int page_size(const json& input, int default_size, int limit);

std::string base64_encode(std::string_view in);
std::optional<std::string> base64_decode(std::string_view in);

}  // namespace minecs::api
