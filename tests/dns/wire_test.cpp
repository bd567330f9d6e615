#include "wire.hpp"

#include <gtest/gtest.h>

#include <random>

namespace minecs::dns {
namespace {

using bytes = std::vector<std::uint8_t>;

// A query as dig 9.18 sends it: "example.com A", recursion desired, AD set, EDNS with a cookie.
const bytes dig_query = {
    0x9a, 0x3c, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // header
    0x07, 'e',  'x',  'a',  'm',  'p',  'l',  'e',  0x03, 'c',  'o',  'm',
    0x00, 0x00, 0x01, 0x00, 0x01,                                             // A IN
    0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0c,         // OPT, 1232
    0x00, 0x0a, 0x00, 0x08, 0x5b, 0x1e, 0x9c, 0x33, 0x70, 0x21, 0x04, 0xaa};  // COOKIE

// An answer as a recursive resolver writes it: www.example.com CNAME example.com, whose A
// follows; every later name is a pointer, one of them a pointer to a name that ends in one.
const bytes compressed_answer = {
    0x11, 0x22, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
    // offset 12: www.example.com A IN (example.com starts at 16)
    0x03, 'w', 'w', 'w', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00, 0x00,
    0x01, 0x00, 0x01,
    // answer 1: name -> 12, CNAME IN ttl 300, rdata -> 16
    0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x02, 0xc0, 0x10,
    // answer 2: name "mail" then -> 16 (so "mail.example.com"), A IN ttl 60, 93.184.216.34
    0x04, 'm', 'a', 'i', 'l', 0xc0, 0x10, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00,
    0x04, 93, 184, 216, 34};

TEST(DnsWire, ParsesARealQuery) {
  auto m = parse(dig_query);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.id, 0x9a3c);
  EXPECT_FALSE(m->head.qr);
  EXPECT_TRUE(m->head.rd);
  EXPECT_EQ(m->head.opcode, 0);
  ASSERT_EQ(m->questions.size(), 1u);
  EXPECT_EQ(m->questions[0], (question{"example.com", rr_type::a, class_in}));
  ASSERT_EQ(m->additionals.size(), 1u);
  EXPECT_EQ(m->additionals[0].type, rr_type::opt);
  EXPECT_EQ(m->additionals[0].name, "");
  EXPECT_EQ(m->additionals[0].klass, 1232);
  EXPECT_EQ(m->additionals[0].data.size(), 12u);
}

TEST(DnsWire, FollowsCompressionPointersInAnswers) {
  auto m = parse(compressed_answer);
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->head.qr);
  EXPECT_TRUE(m->head.ra);
  ASSERT_EQ(m->answers.size(), 2u);
  EXPECT_EQ(m->questions[0].name, "www.example.com");
  EXPECT_EQ(m->answers[0].name, "www.example.com");
  EXPECT_EQ(m->answers[0].type, rr_type::cname);
  EXPECT_EQ(m->answers[0].ttl, 300u);
  EXPECT_EQ(m->answers[1].name, "mail.example.com");
  EXPECT_EQ(m->answers[1].data, (bytes{93, 184, 216, 34}));
}

TEST(DnsWire, EncodesWithCompressionAndReadsBack) {
  message m;
  m.head = {0x4242, true, 0, true, false, true, true, rcode::no_error};
  m.questions.push_back({"Ip-10-0-0-5.EC2.internal", rr_type::a, class_in});
  m.answers.push_back({"Ip-10-0-0-5.EC2.internal", rr_type::a, class_in, 5, a_data(0x0a000005)});
  m.answers.push_back({"other.EC2.internal", rr_type::a, class_in, 5, a_data(0x0a000006)});
  auto wire = encode(m);
  // The answer's name is a pointer to the question's (offset 12), and "other" ends in a pointer
  // to the question's "EC2.internal".
  std::size_t question_end = 12 + 1 + 11 + 1 + 3 + 1 + 8 + 1 + 4;
  ASSERT_GT(wire.size(), question_end + 2);
  EXPECT_EQ(wire[question_end], 0xc0);
  EXPECT_EQ(wire[question_end + 1], 12);
  auto back = parse(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->head, m.head);
  EXPECT_EQ(back->questions, m.questions);  // the case comes back as it went
  EXPECT_EQ(back->answers, m.answers);
  // Uncompressed it would be far longer.
  EXPECT_LT(wire.size(), question_end + 2 * (25 + 10 + 4));
}

TEST(DnsWire, KeepsDotsInsideLabels) {
  message m;
  m.questions.push_back({"a\\.b.example", rr_type::a, class_in});
  auto wire = encode(m);
  EXPECT_EQ(wire[12], 3);  // "a.b" is one label
  auto back = parse(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->questions[0].name, "a\\.b.example");
}

TEST(DnsWire, RootNameAndEmptyMessage) {
  message m;
  m.head.id = 7;
  m.questions.push_back({"", rr_type::soa, class_in});
  auto back = parse(encode(m));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->questions[0].name, "");
}

TEST(DnsWire, RejectsEveryTruncation) {
  for (std::size_t n = 0; n < dig_query.size(); ++n) {
    EXPECT_FALSE(parse(std::span(dig_query.data(), n)).has_value()) << n;
  }
  for (std::size_t n = 0; n < compressed_answer.size(); ++n) {
    EXPECT_FALSE(parse(std::span(compressed_answer.data(), n)).has_value()) << n;
  }
  EXPECT_FALSE(parse_header(std::span(dig_query.data(), 11)).has_value());
  EXPECT_TRUE(parse_header(std::span(dig_query.data(), 12)).has_value());
}

TEST(DnsWire, RejectsMalformedNames) {
  auto with_question = [](bytes name) {
    // One byte at a time: GCC 12 misreads a range insert here as out of bounds.
    bytes p = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    for (auto b : name) {
      p.push_back(b);
    }
    for (std::uint8_t b : {0, 1, 0, 1}) {
      p.push_back(b);
    }
    return p;
  };
  EXPECT_TRUE(parse(with_question({1, 'a', 0})).has_value());
  // A pointer to itself, and one that leads forwards.
  EXPECT_FALSE(parse(with_question({0xc0, 12})).has_value());
  EXPECT_FALSE(parse(with_question({0xc0, 40})).has_value());
  // A label running past the end; the extended label types.
  EXPECT_FALSE(parse(with_question({9, 'a', 0})).has_value());
  EXPECT_FALSE(parse(with_question({0x41, 'a', 0})).has_value());
  EXPECT_FALSE(parse(with_question({0x80, 'a', 0})).has_value());
  // Over 255 octets: five labels of 63.
  bytes longname;
  for (int i = 0; i < 5; ++i) {
    longname.push_back(63);
    longname.insert(longname.end(), 63, 'x');
  }
  longname.push_back(0);
  EXPECT_FALSE(parse(with_question(longname)).has_value());
}

TEST(DnsWire, RejectsLoopsThroughTwoPointers) {
  // Question at 12: "a" then a pointer to 20; at 20 (an answer's name) "b" then a pointer back
  // to 12: each name leads into the other.
  bytes p = {0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, 'a', 0xc0, 20, 0, 1, 0, 1};
  p.insert(p.end(), {1, 'b', 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 1, 2, 3, 4});
  EXPECT_FALSE(parse(p).has_value());
}

TEST(DnsWire, RejectsCountsTheBodyDoesNotHold) {
  auto p = dig_query;
  p[7] = 1;  // one answer, which is not there
  EXPECT_FALSE(parse(p).has_value());
  auto trailing = dig_query;
  trailing.push_back(0);
  EXPECT_FALSE(parse(trailing).has_value());
}

TEST(DnsWire, SurvivesRandomBytes) {
  std::mt19937 rng(10);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 80);
  for (int i = 0; i < 20000; ++i) {
    bytes p(static_cast<std::size_t>(length(rng)));
    for (auto& b : p) {
      b = static_cast<std::uint8_t>(byte(rng));
    }
    if (auto m = parse(p)) {
      // Whatever parses encodes again (names read off the wire are valid names).
      for (const auto& q : m->questions) {
        EXPECT_TRUE(valid_name(q.name)) << q.name;
      }
      EXPECT_TRUE(parse(encode(*m)).has_value());
    }
  }
}

TEST(DnsWire, ValidAndCanonicalNames) {
  EXPECT_TRUE(valid_name("ip-10-0-0-1.ec2.internal"));
  EXPECT_TRUE(valid_name(""));
  EXPECT_FALSE(valid_name("a..b"));
  EXPECT_FALSE(valid_name(std::string(64, 'x') + ".com"));
  EXPECT_EQ(canonical_name("IP-10-0-0-1.Ec2.Internal."), "ip-10-0-0-1.ec2.internal");
}

}  // namespace
}  // namespace minecs::dns
