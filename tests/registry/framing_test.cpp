#include "framing.hpp"

#include <gtest/gtest.h>

#include <string>

namespace minecs::registry {
namespace {

// Feeds `text` in pieces of `step` bytes; returns how many bytes the body took.
std::size_t feed(body_framing& f, const std::string& text, std::size_t step) {
  std::size_t taken = 0;
  for (std::size_t at = 0; at < text.size() && !f.done(); at += step) {
    auto piece = text.substr(at, step);
    auto k = f.take(piece.data(), piece.size());
    taken += k;
    if (k < piece.size()) {
      break;
    }
  }
  return taken;
}

TEST(BodyFraming, ALengthEndsTheBody) {
  auto f = body_framing::length(5);
  EXPECT_EQ(feed(f, "12345GET / HTTP/1.1", 3), 5u);
  EXPECT_TRUE(f.done());
  EXPECT_TRUE(body_framing::none().done());
}

TEST(BodyFraming, TheChunkedCodingEndsAtItsLastChunkAndTrailers) {
  std::string body =
      "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-T: 1\r\n\r\n";
  for (std::size_t step : {1u, 2u, 7u, 1000u}) {
    auto f = body_framing::chunked();
    EXPECT_EQ(feed(f, body + "NEXT", step), body.size()) << step;
    EXPECT_TRUE(f.done());
  }
  auto bare = body_framing::chunked();
  EXPECT_EQ(feed(bare, "0\r\n\r\nrest", 4), 5u);
  EXPECT_TRUE(bare.done());
}

TEST(BodyFraming, UntilCloseTakesEverything) {
  auto f = body_framing::until_close();
  EXPECT_EQ(feed(f, "anything at all", 4), 15u);
  EXPECT_FALSE(f.done());
}

}  // namespace
}  // namespace minecs::registry
