// The in-place HTTP/1.1 head parser and the chunked body scanner the ALB proxy runs on: complete,
// partial and malformed heads, pipelined requests, body framing, chunked bodies in pieces.
#include "http_wire.hpp"

#include <gtest/gtest.h>

#include <string>

namespace minecs::lb {
namespace {

using kind = body_framing::kind;

TEST(RequestHead, ParsesInPlaceWithFieldsTrimmed) {
  std::string text =
      "GET /api/x?a=1 HTTP/1.1\r\nHost: example.com:8080\r\nX-Env:  staging \r\n\r\nrest";
  request_head h;
  ASSERT_EQ(parse_request_head(text, h), parse_status::complete);
  EXPECT_EQ(h.method, "GET");
  EXPECT_EQ(h.target, "/api/x?a=1");
  EXPECT_EQ(h.minor, 1);
  EXPECT_EQ(h.host, "example.com:8080");
  ASSERT_EQ(h.fields.size(), 2U);
  EXPECT_EQ(h.fields[1].name, "X-Env");
  EXPECT_EQ(h.fields[1].value, "staging");
  EXPECT_EQ(h.size, text.size() - 4);
  EXPECT_EQ(h.body.type, kind::none);
  EXPECT_TRUE(h.keep_alive);
  // Views into the text, not copies.
  EXPECT_EQ(h.method.data(), text.data());
}

TEST(RequestHead, PartialUntilTheEmptyLine) {
  std::string text = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  request_head h;
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_EQ(parse_request_head(text.substr(0, n), h), parse_status::partial) << n;
  }
  EXPECT_EQ(parse_request_head(text, h), parse_status::complete);
}

TEST(RequestHead, PipelinedRequestsOneAfterAnother) {
  std::string text =
      "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: b\r\n\r\n";
  request_head h;
  ASSERT_EQ(parse_request_head(text, h), parse_status::complete);
  EXPECT_EQ(h.body.type, kind::length);
  EXPECT_EQ(h.body.length, 3U);
  auto next = std::string_view(text).substr(h.size + 3);
  ASSERT_EQ(parse_request_head(next, h), parse_status::complete);
  EXPECT_EQ(h.method, "GET");
  EXPECT_EQ(h.target, "/b");
  EXPECT_EQ(h.size, next.size());
}

TEST(RequestHead, LeadingEmptyLinesAreSkipped) {
  std::string text = "\r\n\r\nGET / HTTP/1.1\r\n\r\n";
  request_head h;
  ASSERT_EQ(parse_request_head(text, h), parse_status::complete);
  EXPECT_EQ(h.size, text.size());
  EXPECT_TRUE(h.fields.empty());
}

TEST(RequestHead, KeepAliveByVersionAndConnection) {
  request_head h;
  ASSERT_EQ(parse_request_head("GET / HTTP/1.0\r\n\r\n", h), parse_status::complete);
  EXPECT_FALSE(h.keep_alive);
  ASSERT_EQ(parse_request_head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", h),
            parse_status::complete);
  EXPECT_TRUE(h.keep_alive);
  ASSERT_EQ(parse_request_head("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n", h),
            parse_status::complete);
  EXPECT_FALSE(h.keep_alive);
  ASSERT_EQ(parse_request_head("POST / HTTP/1.1\r\nExpect: 100-continue\r\n"
                               "Content-Length: 5\r\n\r\n",
                               h),
            parse_status::complete);
  EXPECT_TRUE(h.expects_continue);
}

TEST(RequestHead, ChunkedFraming) {
  request_head h;
  ASSERT_EQ(parse_request_head("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", h),
            parse_status::complete);
  EXPECT_EQ(h.body.type, kind::chunked);
}

TEST(RequestHead, MalformedHeadsAreBad) {
  const char* bad[] = {
      "GET\r\n\r\n",
      "GET /\r\n\r\n",
      "GET / HTTP/2.0\r\n\r\n",
      "GET / HTTP/1.1 extra\r\n\r\n",
      "G(T / HTTP/1.1\r\n\r\n",
      "GET /a b HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
      "GET / HTTP/1.1\r\nName : v\r\n\r\n",
      "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
      "GET / HTTP/1.1\r\nA: b\x01c\r\n\r\n",
      "GET / HTTP/1.1\r\nA: b\nc: d\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
      ": / HTTP/1.1\r\n\r\n",
  };
  for (const char* text : bad) {
    request_head h;
    EXPECT_EQ(parse_request_head(text, h), parse_status::bad) << text;
  }
  request_head h;
  EXPECT_EQ(parse_request_head("\x16\x03\x01 TLS hello", h), parse_status::bad)
      << "garbage before any end of head is refused at once";
  EXPECT_EQ(
      parse_request_head("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", h),
      parse_status::complete)
      << "repeated equal lengths are one length";
}

TEST(RequestHead, LargeHeadsParse) {
  std::string text = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 500; ++i) {
    text += "X-Field-" + std::to_string(i) + ": " + std::string(100, 'v') + "\r\n";
  }
  text += "\r\n";
  request_head h;
  ASSERT_EQ(parse_request_head(text, h), parse_status::complete);
  EXPECT_EQ(h.fields.size(), 500U);
  EXPECT_EQ(h.size, text.size());
}

TEST(ResponseHead, FramingByStatusMethodAndFields) {
  response_head r;
  ASSERT_EQ(parse_response_head("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", false, r),
            parse_status::complete);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.body.type, kind::length);
  EXPECT_EQ(r.body.length, 12U);
  ASSERT_EQ(parse_response_head("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", true, r),
            parse_status::complete);
  EXPECT_EQ(r.body.type, kind::none) << "the answer to HEAD has no body";
  ASSERT_EQ(parse_response_head("HTTP/1.1 204 No Content\r\n\r\n", false, r),
            parse_status::complete);
  EXPECT_EQ(r.body.type, kind::none);
  ASSERT_EQ(parse_response_head("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", false, r),
            parse_status::complete);
  EXPECT_EQ(r.body.type, kind::none);
  ASSERT_EQ(parse_response_head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                                "Content-Length: 5\r\n\r\n",
                                false, r),
            parse_status::complete);
  EXPECT_EQ(r.body.type, kind::chunked) << "Transfer-Encoding wins over Content-Length";
  ASSERT_EQ(parse_response_head("HTTP/1.0 200 OK\r\n\r\n", false, r), parse_status::complete);
  EXPECT_EQ(r.body.type, kind::until_close);
  EXPECT_FALSE(r.keep_alive);
  ASSERT_EQ(parse_response_head("HTTP/1.1 200\r\n\r\n", false, r), parse_status::complete);
  EXPECT_EQ(r.reason, "");
  ASSERT_EQ(parse_response_head("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", false, r),
            parse_status::complete);
  EXPECT_EQ(r.status, 100);
  EXPECT_EQ(r.body.type, kind::none);
  EXPECT_EQ(r.size, 25U);
}

TEST(ResponseHead, MalformedAnswersAreBad) {
  const char* bad[] = {
      "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",       "HTTP/1.1 abc OK\r\n\r\n",
      "HTTP/3 200 OK\r\n\r\n",    "HTTP/1.1 200 OK\r\nA\r\n\r\n", "SSH-2.0-OpenSSH\r\n\r\n",
  };
  for (const char* text : bad) {
    response_head r;
    EXPECT_EQ(parse_response_head(text, false, r), parse_status::bad) << text;
  }
  response_head r;
  EXPECT_EQ(parse_response_head("garbage that is no HTTP", false, r), parse_status::bad);
  EXPECT_EQ(parse_response_head("HTTP/1.1 200 OK\r\n", false, r), parse_status::partial);
}

TEST(Tokens, ConnectionTokensIgnoreCaseAndSpaces) {
  EXPECT_TRUE(has_token("Upgrade,  Close", "close"));
  EXPECT_FALSE(has_token("closed", "close"));
  EXPECT_TRUE(iequals_ascii("Content-Length", "content-length"));
  EXPECT_FALSE(iequals_ascii("Content-Lengtx", "content-length"));
  EXPECT_FALSE(iequals_ascii("[", "{")) << "only letters fold";
}

std::size_t scan_in_pieces(const std::string& body, std::size_t piece, chunk_scanner& s) {
  std::size_t used = 0;
  for (std::size_t at = 0; at < body.size() && !s.done() && !s.bad(); at += piece) {
    used += s.feed(std::string_view(body).substr(at, piece));
  }
  return used;
}

TEST(ChunkScanner, FindsTheEndInAnyPieces) {
  std::string body =
      "5\r\nhello\r\n1a;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: t\r\n\r\n";
  for (std::size_t piece : {1U, 2U, 3U, 7U, 1000U}) {
    chunk_scanner s;
    auto used = scan_in_pieces(body + "GET / HTTP/1.1\r\n\r\n", piece, s);
    EXPECT_TRUE(s.done()) << piece;
    EXPECT_EQ(used, body.size()) << piece;
  }
  chunk_scanner s;
  EXPECT_EQ(s.feed("0\r\n\r\nnext"), 5U);
  EXPECT_TRUE(s.done());
}

TEST(ChunkScanner, NotDoneBeforeTheLastChunk) {
  chunk_scanner s;
  EXPECT_EQ(s.feed("5\r\nhel"), 6U);
  EXPECT_FALSE(s.done());
  EXPECT_FALSE(s.bad());
  EXPECT_EQ(s.feed("lo\r\n"), 4U);
  EXPECT_FALSE(s.done());
}

TEST(ChunkScanner, MalformedChunksAreBad) {
  for (const char* text : {"x\r\n", "5\r\nhelloX\r\n", "5\nhello", "\r\n", "1111111111111111\r\n",
                           "5\r\nhello\rX", "0\r\nA\x01\r\n"}) {
    chunk_scanner s;
    s.feed(text);
    EXPECT_TRUE(s.bad()) << text;
  }
}

}  // namespace
}  // namespace minecs::lb
