#include "filter_pattern.hpp"

#include "minecs/core/service_error.hpp"

namespace minecs::logs {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

filter_pattern filter_pattern::parse(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) {
    ++i;
  }
  if (i < text.size() && (text[i] == '{' || text[i] == '[' || text[i] == '%')) {
    const char* kind = text[i] == '{' ? "JSON" : text[i] == '[' ? "space-delimited" : "regex";
    throw invalid_parameter(std::string("minecs does not support ") + kind +
                            " filter patterns yet; use terms, quoted phrases, ?any and -none.");
  }
  filter_pattern out;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    char prefix = 0;
    if (text[i] == '?' || text[i] == '-') {
      prefix = text[i];
      ++i;
    }
    std::string term;
    if (i < text.size() && text[i] == '"') {
      // A phrase: everything up to the closing quote, spaces included; \" and \\ escape.
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char c = text[i++];
        if (c == '\\' && i < text.size()) {
          term += text[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          term += c;
        }
      }
      if (!closed) {
        throw invalid_parameter("Invalid character(s) in term '\"" + term + "'");
      }
    } else {
      while (i < text.size() && !is_space(text[i])) {
        term += text[i++];
      }
    }
    if (term.empty()) {
      // A lone "?" or "-" is itself the text searched for, as a bare term.
      if (prefix != 0) {
        out.all_.emplace_back(1, prefix);
      }
      continue;
    }
    (prefix == '?' ? out.any_ : prefix == '-' ? out.none_ : out.all_).push_back(std::move(term));
  }
  return out;
}

bool filter_pattern::matches(std::string_view message) const {
  for (const auto& t : all_) {
    if (message.find(t) == std::string_view::npos) {
      return false;
    }
  }
  for (const auto& t : none_) {
    if (message.find(t) != std::string_view::npos) {
      return false;
    }
  }
  if (any_.empty()) {
    return true;
  }
  for (const auto& t : any_) {
    if (message.find(t) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace minecs::logs
