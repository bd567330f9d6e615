#pragma once
// Well-formed UTF-8, for what must pass it on or refuse it: the Query form decoder (refuses), the
// XML replies and awslogs events (replace what is not, byte by byte).
#include <cstddef>
#include <string_view>

namespace minecs {

// The length of the well-formed UTF-8 sequence that starts at text[at] (1 to 4), or 0 when the
// bytes there are not one: a stray continuation byte, a truncated or overlong sequence, a
// surrogate or a code point above U+10FFFF.
std::size_t utf8_sequence_at(std::string_view text, std::size_t at);

bool is_utf8(std::string_view text);

}  // namespace minecs
