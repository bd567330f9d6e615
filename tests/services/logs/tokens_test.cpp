#include <gtest/gtest.h>

#include "tokens.hpp"

namespace minecs::logs {
namespace {

TEST(StreamTokens, HaveCloudWatchShapeAndRoundTrip) {
  stream_token t{direction::backward, {1700000000123, 42}};
  auto text = encode_stream_token(t);
  EXPECT_EQ(text.substr(0, 2), "b/");
  EXPECT_EQ(text.size(), 2u + 38u);
  EXPECT_EQ(text.find_first_not_of("0123456789", 2), std::string::npos);
  auto back = decode_stream_token(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->dir, direction::backward);
  EXPECT_EQ(back->position, t.position);

  auto last = encode_stream_token({direction::forward, store::event_position::last()});
  EXPECT_EQ(last.substr(0, 2), "f/");
  ASSERT_TRUE(decode_stream_token(last));
  EXPECT_EQ(decode_stream_token(last)->position, store::event_position::last());
}

TEST(StreamTokens, RejectOtherText) {
  EXPECT_FALSE(decode_stream_token(""));
  EXPECT_FALSE(decode_stream_token("f/123"));
  EXPECT_FALSE(decode_stream_token("x/" + std::string(38, '0')));
  EXPECT_FALSE(decode_stream_token("f/" + std::string(37, '0') + "a"));
  EXPECT_FALSE(decode_stream_token("f/" + std::string(38, '9')));  // beyond int64
}

TEST(EventIds, FollowReadOrder) {
  store::log_event a{5, 1, "s", 1000, 0, "x"};
  store::log_event b{3, 1, "s", 1001, 0, "y"};
  store::log_event c{9, 1, "s", 1001, 0, "z"};
  EXPECT_LT(event_id(a), event_id(b));
  EXPECT_LT(event_id(b), event_id(c));
}

}  // namespace
}  // namespace minecs::logs
