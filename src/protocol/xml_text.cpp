// Escaping for the XML protocols' replies.
#include "xml_text.hpp"

#include "minecs/core/utf8.hpp"

namespace minecs::protocol {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// U+FFFE and U+FFFF are well-formed UTF-8 but not XML characters.
bool is_xml_noncharacter(std::string_view sequence) {
  return sequence == "\xEF\xBF\xBE" || sequence == "\xEF\xBF\xBF";
}

// Printable ASCII that XML takes as it is: most of every reply.
bool is_plain(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

}  // namespace

void append_xml_text(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    // A run of plain characters goes in one append rather than one character at a time.
    auto run = i;
    while (run < text.size() && is_plain(static_cast<unsigned char>(text[run]))) {
      ++run;
    }
    if (run > i) {
      out.append(text.substr(i, run - i));
      i = run;
      continue;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      auto n = utf8_sequence_at(text, i);
      if (n == 0 || is_xml_noncharacter(text.substr(i, n))) {
        out += replacement;
        i += n == 0 ? 1 : n;
      } else {
        out += text.substr(i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      case '\n':
      case '\t':
        out += static_cast<char>(c);
        break;
      default:
        if (c < 0x20) {
          out += replacement;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
}

void append_xml_element(std::string& out, std::string_view name, std::string_view text) {
  out += '<';
  out += name;
  out += '>';
  append_xml_text(out, text);
  out += "</";
  out += name;
  out += '>';
}

}  // namespace minecs::protocol
