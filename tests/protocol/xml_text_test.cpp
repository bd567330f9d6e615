// XML escaping keeps every reply well-formed, whatever bytes a value holds.
#include "xml_text.hpp"

#include <gtest/gtest.h>

namespace minecs::protocol {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  append_xml_text(out, text);
  return out;
}

const std::string fffd = "\xEF\xBF\xBD";

TEST(XmlText, MarkupCharactersBecomeEntities) {
  EXPECT_EQ(escaped("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(escaped("line\r\nnext\tcol"), "line&#xD;\nnext\tcol");
  EXPECT_EQ(escaped(""), "");
}

TEST(XmlText, Utf8PassesThrough) {
  EXPECT_EQ(escaped("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(XmlText, WhatXmlCannotCarryBecomesTheReplacementCharacter) {
  EXPECT_EQ(escaped(std::string("a\x01"
                                "b\0c",
                                5)),
            "a" + fffd + "b" + fffd + "c");
  EXPECT_EQ(escaped("\xFF"), fffd);
  EXPECT_EQ(escaped("\xE2\x82"), fffd + fffd);                        // truncated
  EXPECT_EQ(escaped("\xC0\xAF"), fffd + fffd);                        // overlong
  EXPECT_EQ(escaped("\xED\xA0\x80"), fffd + fffd + fffd);             // a surrogate
  EXPECT_EQ(escaped("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
  EXPECT_EQ(escaped("\xEF\xBF\xBE"), fffd);                           // U+FFFE
  EXPECT_EQ(escaped("x\x80y"), "x" + fffd + "y");
}

TEST(XmlText, Elements) {
  std::string out;
  append_xml_element(out, "Message", "1 < 2");
  EXPECT_EQ(out, "<Message>1 &lt; 2</Message>");
}

}  // namespace
}  // namespace minecs::protocol
