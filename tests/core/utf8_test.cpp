// Well-formed UTF-8 and nothing else.
#include "minecs/core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace minecs {
namespace {

TEST(Utf8, SequencesAndTheirLengths) {
  EXPECT_EQ(utf8_sequence_at("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_at("\xC3\xA9", 0), 2u);
  EXPECT_EQ(utf8_sequence_at("\xE2\x82\xAC", 0), 3u);
  EXPECT_EQ(utf8_sequence_at("\xF0\x9F\x98\x80", 0), 4u);
  EXPECT_EQ(utf8_sequence_at("x\xE2\x82\xAC", 1), 3u);
  for (const char* bad : {"\x80", "\xC0\xAF", "\xC3", "\xE0\x80\x80", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xE2\x28\xA1", "\xFF"}) {
    EXPECT_EQ(utf8_sequence_at(bad, 0), 0u) << bad;
  }
}

TEST(Utf8, WholeTexts) {
  EXPECT_TRUE(is_utf8(""));
  EXPECT_TRUE(is_utf8("plain, caf\xC3\xA9, \xE2\x82\xAC"));
  EXPECT_TRUE(is_utf8(std::string("nul\0inside", 10)));
  EXPECT_FALSE(is_utf8("ends badly \xE2\x82"));
  EXPECT_FALSE(is_utf8("\xFE\xFF"));
}

}  // namespace
}  // namespace minecs
