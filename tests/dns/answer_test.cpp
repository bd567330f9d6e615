#include "answer.hpp"

#include <gtest/gtest.h>

#include <random>

#include "wire.hpp"

namespace minecs::dns {
namespace {

using bytes = std::vector<std::uint8_t>;

bytes query(const std::string& name, std::uint16_t type, bool edns = false) {
  message m;
  m.head.id = 0x1234;
  m.head.rd = true;
  m.questions.push_back({name, type, class_in});
  if (edns) {
    m.additionals.push_back({"", rr_type::opt, 4096, 0, {}});
  }
  return encode(m);
}

class DnsAnswer : public ::testing::Test {
 protected:
  DnsAnswer() {
    names_.publish("eni", {{"ec2.internal", "compute.internal"},
                           {{"ip-10-224-0-5.ec2.internal", 0x0ae00005}}});
  }
  message answer(const bytes& q, answer_settings cfg = {}) {
    auto d = decide(q, names_, cfg);
    EXPECT_EQ(d.what, verdict::reply);
    auto m = parse(d.reply);
    EXPECT_TRUE(m.has_value());
    return m.value_or(message{});
  }
  name_table names_;
};

TEST_F(DnsAnswer, AnswersAnOwnedNameWithAShortTtl) {
  auto m = answer(query("IP-10-224-0-5.ec2.internal", rr_type::a));
  EXPECT_EQ(m.head.id, 0x1234);
  EXPECT_TRUE(m.head.qr);
  EXPECT_TRUE(m.head.aa);
  EXPECT_TRUE(m.head.rd);
  EXPECT_EQ(m.head.rcode, rcode::no_error);
  ASSERT_EQ(m.questions.size(), 1u);
  EXPECT_EQ(m.questions[0].name, "IP-10-224-0-5.ec2.internal");  // echoed as asked
  ASSERT_EQ(m.answers.size(), 1u);
  EXPECT_EQ(m.answers[0].type, rr_type::a);
  EXPECT_EQ(m.answers[0].ttl, 5u);
  EXPECT_EQ(m.answers[0].data, (bytes{10, 224, 0, 5}));
  EXPECT_TRUE(m.additionals.empty());
}

TEST_F(DnsAnswer, TtlComesFromTheSettings) {
  answer_settings cfg;
  cfg.ttl = 30;
  EXPECT_EQ(answer(query("ip-10-224-0-5.ec2.internal", rr_type::a), cfg).answers.at(0).ttl, 30u);
}

TEST_F(DnsAnswer, OtherTypesOfAnOwnedNameHaveNoData) {
  auto m = answer(query("ip-10-224-0-5.ec2.internal", rr_type::aaaa));
  EXPECT_EQ(m.head.rcode, rcode::no_error);
  EXPECT_TRUE(m.answers.empty());
}

TEST_F(DnsAnswer, UnknownNamesOfAnOwnedZoneDoNotExist) {
  auto m = answer(query("ip-10-9-9-9.us-west-2.compute.internal", rr_type::a));
  EXPECT_EQ(m.head.rcode, rcode::name_error);
  EXPECT_TRUE(m.head.aa);
  EXPECT_TRUE(m.answers.empty());
  answer_settings forward;
  forward.forward_unknown = true;
  EXPECT_EQ(decide(query("ip-10-9-9-9.ec2.internal", rr_type::a), names_, forward).what,
            verdict::forward);
}

TEST_F(DnsAnswer, EverythingElseGoesUpstream) {
  EXPECT_EQ(decide(query("example.com", rr_type::a), names_, {}).what, verdict::forward);
  EXPECT_EQ(decide(query("example.com", rr_type::aaaa), names_, {}).what, verdict::forward);
  EXPECT_EQ(decide(query("ec2.internal.example.com", rr_type::a), names_, {}).what,
            verdict::forward);
}

TEST_F(DnsAnswer, EdnsQueriesGetAnOptRecord) {
  auto m = answer(query("ip-10-224-0-5.ec2.internal", rr_type::a, true));
  ASSERT_EQ(m.additionals.size(), 1u);
  EXPECT_EQ(m.additionals[0].type, rr_type::opt);
  EXPECT_EQ(m.additionals[0].klass, 1232);
}

TEST_F(DnsAnswer, MalformedQueriesGetFormerr) {
  auto q = query("ip-10-224-0-5.ec2.internal", rr_type::a);
  q.resize(q.size() - 3);  // truncated inside the question
  auto m = answer(q);
  EXPECT_EQ(m.head.id, 0x1234);
  EXPECT_EQ(m.head.rcode, rcode::format_error);
  EXPECT_TRUE(m.questions.empty());

  message two;
  two.head.id = 9;
  two.questions = {{"a.ec2.internal", rr_type::a, class_in}, {"b.ec2.internal", rr_type::a, 1}};
  EXPECT_EQ(answer(encode(two)).head.rcode, rcode::format_error);
}

TEST_F(DnsAnswer, DropsWhatItCannotAnswer) {
  // Shorter than a header; a response (answering it could make two servers loop).
  EXPECT_EQ(decide(bytes{1, 2, 3}, names_, {}).what, verdict::drop);
  auto q = query("ip-10-224-0-5.ec2.internal", rr_type::a);
  q[2] |= 0x80;
  EXPECT_EQ(decide(q, names_, {}).what, verdict::drop);
}

TEST_F(DnsAnswer, OtherOpcodesAreNotImplemented) {
  auto q = query("ip-10-224-0-5.ec2.internal", rr_type::a);
  q[2] = static_cast<std::uint8_t>((q[2] & 0x87) | 4 << 3);  // NOTIFY
  EXPECT_EQ(answer(q).head.rcode, rcode::not_implemented);
}

TEST_F(DnsAnswer, ServerFailureKeepsTheQuestion) {
  auto m = parse(server_failure(query("example.com", rr_type::a)));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.rcode, rcode::server_failure);
  EXPECT_TRUE(m->head.qr);
  EXPECT_EQ(m->questions.at(0).name, "example.com");
  EXPECT_TRUE(server_failure(bytes{1, 2}).empty());
}

TEST_F(DnsAnswer, NeverFailsOnRandomPackets) {
  std::mt19937 rng(53);
  std::uniform_int_distribution<int> byte(0, 255);
  auto base = query("ip-10-224-0-5.ec2.internal", rr_type::a);
  for (int i = 0; i < 20000; ++i) {
    auto p = base;
    // A few bytes changed, or cut short, so that most packets get past the header.
    for (int k = 0; k < 3; ++k) {
      p[static_cast<std::size_t>(byte(rng)) % p.size()] = static_cast<std::uint8_t>(byte(rng));
    }
    p.resize(static_cast<std::size_t>(byte(rng)) % (p.size() + 1));
    auto d = decide(p, names_, {});
    if (d.what == verdict::reply) {
      EXPECT_TRUE(parse(d.reply).has_value());
    }
  }
}

}  // namespace
}  // namespace minecs::dns
