#include "minecs/api/pagination.hpp"

#include <gtest/gtest.h>

#include "minecs/core/service_error.hpp"

namespace minecs {
namespace {

TEST(Base64, KnownVectors) {
  // RFC 4648 section 10.
  EXPECT_EQ(api::base64_encode(""), "");
  EXPECT_EQ(api::base64_encode("f"), "Zg==");
  EXPECT_EQ(api::base64_encode("fo"), "Zm8=");
  EXPECT_EQ(api::base64_encode("foo"), "Zm9v");
  EXPECT_EQ(api::base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(api::base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(api::base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(api::base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(api::base64_decode("Zg=="), "f");
}

TEST(Base64, RoundTripsEveryLengthAndByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all += static_cast<char>(i);
  }
  for (std::size_t n = 0; n <= all.size(); ++n) {
    auto in = all.substr(all.size() - n);
    auto decoded = api::base64_decode(api::base64_encode(in));
    ASSERT_TRUE(decoded) << n;
    EXPECT_EQ(*decoded, in) << n;
  }
  std::string zeros("\0\0\0\0", 4);
  EXPECT_EQ(api::base64_decode(api::base64_encode(zeros)), zeros);
}

TEST(Base64, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_FALSE(api::base64_decode("Zm9v!"));
  EXPECT_FALSE(api::base64_decode("Zm 9v"));
  EXPECT_FALSE(api::base64_decode("Zg==Zg"));  // data after padding
  EXPECT_FALSE(api::base64_decode("Zg==="));
  EXPECT_FALSE(api::base64_decode("\xff\xfe"));
}

TEST(PageToken, RoundTripsTheCursor) {
  auto token = api::encode_page_token(api::make_page_cursor("clusters", "arn:aws:ecs:x"));
  EXPECT_EQ(api::decode_page_token(token, "clusters"), json("arn:aws:ecs:x"));
  auto structured =
      api::encode_page_token(api::make_page_cursor("tds", {{"family", "web"}, {"rev", 3}}));
  EXPECT_EQ(api::decode_page_token(structured, "tds"), (json{{"family", "web"}, {"rev", 3}}));
}

TEST(PageToken, IsOpaque) {
  auto token = api::encode_page_token(api::make_page_cursor("clusters", "arn:aws:ecs:x"));
  EXPECT_EQ(token.find("arn:aws"), std::string::npos);
  EXPECT_EQ(token.find('{'), std::string::npos);
}

void expect_invalid_token(std::string_view token, std::string_view listing) {
  try {
    api::decode_page_token(token, listing);
    ADD_FAILURE() << "accepted token " << token;
  } catch (const service_error& e) {
    EXPECT_EQ(e.code(), "InvalidParameterException");
    EXPECT_EQ(e.http_status(), 400u);
  }
}

TEST(PageToken, RejectsATokenOfAnotherListing) {
  auto token = api::encode_page_token(api::make_page_cursor("clusters", "x"));
  expect_invalid_token(token, "task-definitions");
}

TEST(PageToken, RejectsGarbage) {
  expect_invalid_token("", "clusters");
  expect_invalid_token("not a token!", "clusters");
  expect_invalid_token(api::base64_encode("not json"), "clusters");
  expect_invalid_token(api::base64_encode("[1,2]"), "clusters");
  expect_invalid_token(api::base64_encode(R"({"l":"clusters"})"), "clusters");
  expect_invalid_token(api::base64_encode(R"({"a":"x"})"), "clusters");
  expect_invalid_token(api::base64_encode(std::string("\x00\xff\x10", 3)), "clusters");
}

TEST(PageSize, DefaultWhenAbsentOrNull) {
  EXPECT_EQ(api::page_size(json::object(), 100, 100), 100);
  EXPECT_EQ(api::page_size(json{{"maxResults", nullptr}}, 10, 100), 10);
}

TEST(PageSize, AcceptsOneToLimit) {
  EXPECT_EQ(api::page_size(json{{"maxResults", 1}}, 100, 100), 1);
  EXPECT_EQ(api::page_size(json{{"maxResults", 100}}, 10, 100), 100);
}

TEST(PageSize, RejectsOutOfBounds) {
  for (long long n : {0LL, -1LL, 101LL, 1LL << 40}) {
    try {
      api::page_size(json{{"maxResults", n}}, 100, 100);
      ADD_FAILURE() << "accepted " << n;
    } catch (const service_error& e) {
      EXPECT_EQ(e.code(), "InvalidParameterException") << n;
    }
  }
}

}  // namespace
}  // namespace minecs
