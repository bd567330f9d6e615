#include "minecs/core/wildcard.hpp"

#include <cctype>

namespace minecs {

namespace {

bool same_char(char a, char b, bool case_sensitive) {
  if (case_sensitive) {
    return a == b;
  }
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, wildcard_syntax syntax) {
  // Greedy with one backtrack point, the last '*' seen: O(n·m) at worst.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    bool escaped = syntax.backslash_escapes && p + 1 < pattern.size() && pattern[p] == '\\' &&
                   (pattern[p + 1] == '*' || pattern[p + 1] == '?' || pattern[p + 1] == '\\');
    char c = escaped ? pattern[p + 1] : (p < pattern.size() ? pattern[p] : '\0');
    if (p < pattern.size() && !escaped && c == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() &&
               ((!escaped && c == '?') || same_char(c, text[t], syntax.case_sensitive))) {
      p += escaped ? 2 : 1;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace minecs
