#pragma once
#include <string_view>

// The wildcards AWS patterns use: '*' any run of characters (none too), '?' exactly one. EC2's
// filters also take a backslash before '*', '?' or '\' as that character itself; ALB's
// host-header and query-string conditions ignore case.
namespace minecs {

struct wildcard_syntax {
  bool case_sensitive = true;
  bool backslash_escapes = false;
};

bool wildcard_match(std::string_view pattern, std::string_view text, wildcard_syntax syntax = {});

}  // namespace minecs
