#include "minecs/dns/responder.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <thread>

#include "minecs/store/tasks.hpp"
#include "sample_records.hpp"
#include "wire.hpp"

namespace minecs::dns {
namespace {

using bytes = std::vector<std::uint8_t>;

// A UDP socket on 127.0.0.1 with a receive timeout, for the client and the fake upstream.
class udp_peer {
 public:
  udp_peer() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    timeval tv{0, 300000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~udp_peer() { ::close(fd_); }
  udp_peer(const udp_peer&) = delete;
  udp_peer& operator=(const udp_peer&) = delete;

  unsigned short port() const {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    return ntohs(a.sin_port);
  }
  void send_to(const bytes& b, unsigned short port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    ::sendto(fd_, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  // One datagram and the port it came from; empty after the timeout.
  std::pair<bytes, unsigned short> receive() {
    bytes buf(65535);
    sockaddr_in from{};
    socklen_t len = sizeof from;
    auto n = ::recvfrom(fd_, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) {
      return {};
    }
    buf.resize(static_cast<std::size_t>(n));
    return {buf, ntohs(from.sin_port)};
  }
  // Waits up to `tries` timeouts for a datagram.
  bytes receive_within(int tries) {
    for (int i = 0; i < tries; ++i) {
      if (auto [b, port] = receive(); !b.empty()) {
        return b;
      }
    }
    return {};
  }

 private:
  int fd_ = -1;
};

bytes query(std::uint16_t id, const std::string& name) {
  message m;
  m.head.id = id;
  m.head.rd = true;
  m.questions.push_back({name, rr_type::a, class_in});
  return encode(m);
}

class DnsResponder : public ::testing::Test {
 protected:
  DnsResponder() : db_(":memory:") {}

  void start(std::vector<upstream> upstreams) {
    settings cfg;
    cfg.port = 0;
    cfg.upstreams = std::move(upstreams);
    cfg.upstream_timeout = std::chrono::milliseconds(200);
    cfg.settle = std::chrono::milliseconds(0);
    responder_ = std::make_unique<responder>(db_, cfg);
    responder_->add_source(eni_names());
    responder_->start();
    ASSERT_TRUE(responder_->serve("net1", "127.0.0.1"));
    port_ = responder_->port_of("net1");
    ASSERT_NE(port_, 0);
  }

  void add_task(const std::string& ip, const std::string& name) {
    auto t = test_support::sample_task("t-" + ip);
    t.network_mode = network_mode::awsvpc;
    t.last_status = task_status::running;
    store::eni_attachment a;
    a.private_ipv4 = ip;
    a.private_dns_name = name;
    t.attachments.push_back(a);
    db_.write([&] { store::save_task(db_, t); });
    responder_->refresh();
  }

  store::database db_;
  std::unique_ptr<responder> responder_;
  unsigned short port_ = 0;
};

// Counts its reads of the store.
class counting_source : public record_source {
 public:
  explicit counting_source(std::atomic<int>& reads) : reads_(reads) {}
  std::string name() const override { return "counting"; }
  record_set collect(store::database& /*db*/) override {
    ++reads_;
    return {};
  }

 private:
  std::atomic<int>& reads_;
};

// The names are read again when the store changes, not on every resync while nothing does: an
// idle server with many tasks would otherwise parse them all every few seconds.
TEST(DnsResponderWatch, ReadsTheStoreOnlyWhenItChanged) {
  store::database db(":memory:");
  std::atomic<int> reads{0};
  settings cfg;
  cfg.port = 0;
  cfg.resync = std::chrono::milliseconds(10);
  cfg.settle = std::chrono::milliseconds(0);
  responder r(db, cfg);
  r.add_source(std::make_unique<counting_source>(reads));
  r.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(reads.load(), 1);
  db.write([] {});
  for (int i = 0; i < 100 && reads.load() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(reads.load(), 2);
  r.stop();
}

TEST_F(DnsResponder, AnswersNamesFromTheStore) {
  start({});
  add_task("10.224.0.7", "ip-10-224-0-7.ec2.internal");
  udp_peer client;
  client.send_to(query(77, "ip-10-224-0-7.ec2.internal"), port_);
  auto m = parse(client.receive_within(5));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.id, 77);
  ASSERT_EQ(m->answers.size(), 1u);
  EXPECT_EQ(m->answers[0].data, (bytes{10, 224, 0, 7}));

  client.send_to(query(78, "ip-10-224-0-8.ec2.internal"), port_);
  m = parse(client.receive_within(5));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.rcode, rcode::name_error);
}

TEST_F(DnsResponder, RelaysOtherQueriesToTheUpstream) {
  udp_peer upstream_server;
  start({{"127.0.0.1", upstream_server.port()}});
  std::atomic<bool> done{false};
  std::thread fake([&] {
    while (!done) {
      auto [q, from] = upstream_server.receive();
      auto m = parse(q);
      if (!m) {
        continue;
      }
      message r;
      r.head = m->head;
      r.head.qr = true;
      r.head.ra = true;
      r.questions = m->questions;
      r.answers.push_back({m->questions.at(0).name, rr_type::a, class_in, 60, a_data(0x5db8d822)});
      // A stray datagram with another id first: the responder must wait for the right one.
      auto stray = r;
      stray.head.id = static_cast<std::uint16_t>(r.head.id + 1);
      upstream_server.send_to(encode(stray), from);
      upstream_server.send_to(encode(r), from);
    }
  });
  udp_peer client;
  client.send_to(query(4242, "example.com"), port_);
  auto m = parse(client.receive_within(5));
  done = true;
  fake.join();
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.id, 4242);
  ASSERT_EQ(m->answers.size(), 1u);
  EXPECT_EQ(m->answers[0].ttl, 60u);
  EXPECT_EQ(m->answers[0].data, (bytes{93, 184, 216, 34}));
}

TEST_F(DnsResponder, ServfailWhenNoUpstreamAnswers) {
  udp_peer silent;
  start({{"127.0.0.1", silent.port()}, {"127.0.0.1", silent.port()}});
  udp_peer client;
  client.send_to(query(5, "example.com"), port_);
  auto m = parse(client.receive_within(5));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.rcode, rcode::server_failure);
}

TEST_F(DnsResponder, KeepsServingAfterGarbage) {
  start({});
  add_task("10.224.0.9", "ip-10-224-0-9.ec2.internal");
  udp_peer client;
  client.send_to(bytes{1, 2, 3}, port_);
  client.send_to(bytes{0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1}, port_);
  auto formerr = parse(client.receive_within(5));
  ASSERT_TRUE(formerr.has_value());
  EXPECT_EQ(formerr->head.id, 9);
  EXPECT_EQ(formerr->head.rcode, rcode::format_error);
  client.send_to(query(10, "ip-10-224-0-9.ec2.internal"), port_);
  auto m = parse(client.receive_within(5));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->answers.size(), 1u);
}

TEST_F(DnsResponder, StopsListeningForNetworksThatAreGone) {
  start({});
  EXPECT_TRUE(responder_->serve("net1", "127.0.0.1"));  // again: the same listener
  EXPECT_EQ(responder_->port_of("net1"), port_);
  responder_->retain({"net1"});
  EXPECT_EQ(responder_->port_of("net1"), port_);
  // The address moves to a network made since (the old one was removed without a word).
  EXPECT_TRUE(responder_->serve("net1b", "127.0.0.1"));
  EXPECT_EQ(responder_->port_of("net1"), 0);
  EXPECT_NE(responder_->port_of("net1b"), 0);
  responder_->retain({"net1"});
  EXPECT_EQ(responder_->port_of("net1b"), 0);
  EXPECT_FALSE(responder_->serve("net2", "not an address"));
  // An address of no interface here cannot be bound.
  EXPECT_FALSE(responder_->serve("net3", "192.0.2.1"));
}

// One length-prefixed exchange over TCP (RFC 1035 4.2.2); empty when the server hangs up.
bytes ask_tcp(unsigned short port, const bytes& message) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  bytes out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    bytes framed = {static_cast<std::uint8_t>(message.size() >> 8),
                    static_cast<std::uint8_t>(message.size() & 0xFF)};
    framed.insert(framed.end(), message.begin(), message.end());
    ::send(fd, framed.data(), framed.size(), 0);
    std::uint8_t buf[4096];
    bytes got;
    for (;;) {
      auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        break;
      }
      got.insert(got.end(), buf, buf + n);
      if (got.size() >= 2 && got.size() >= 2u + (got[0] << 8 | got[1])) {
        out.assign(got.begin() + 2, got.end());
        break;
      }
    }
  }
  ::close(fd);
  return out;
}

TEST_F(DnsResponder, AnswersOverTcpToo) {
  start({});
  ASSERT_TRUE(responder_->serves_tcp("net1"));
  add_task("10.224.0.11", "ip-10-224-0-11.ec2.internal");
  auto m = parse(ask_tcp(port_, query(31, "ip-10-224-0-11.ec2.internal")));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.id, 31);
  ASSERT_EQ(m->answers.size(), 1u);
  EXPECT_EQ(m->answers[0].data, (bytes{10, 224, 0, 11}));
  // No upstream to ask: SERVFAIL, over TCP as well.
  m = parse(ask_tcp(port_, query(32, "example.com")));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->head.rcode, rcode::server_failure);
  // A response sent as a query gets nothing: the connection ends.
  auto not_a_query = query(33, "example.com");
  not_a_query[2] |= 0x80;
  EXPECT_TRUE(ask_tcp(port_, not_a_query).empty());
}

TEST(DnsUpstreams, ReadsResolvConf) {
  auto servers = parse_resolv_conf(
      "# comment\nsearch example.com\nnameserver 127.0.0.53\nnameserver  2001:db8::1\n"
      "nameserver bogus\nnameserver\noptions edns0\n");
  EXPECT_EQ(servers, (std::vector<upstream>{{"127.0.0.53", 53}, {"2001:db8::1", 53}}));
}

TEST(DnsUpstreams, ParsesFlagValues) {
  EXPECT_EQ(parse_upstream("10.0.0.2"), (upstream{"10.0.0.2", 53}));
  EXPECT_EQ(parse_upstream("127.0.0.1:5353"), (upstream{"127.0.0.1", 5353}));
  EXPECT_EQ(parse_upstream("[::1]:54"), (upstream{"::1", 54}));
  EXPECT_EQ(parse_upstream("::1"), (upstream{"::1", 53}));
  EXPECT_FALSE(parse_upstream("10.0.0.2:0"));
  EXPECT_FALSE(parse_upstream("10.0.0.2:"));
  EXPECT_FALSE(parse_upstream("10.0.0.2:99999"));
  EXPECT_FALSE(parse_upstream("dns.example"));
  EXPECT_FALSE(parse_upstream("[::1"));
}

}  // namespace
}  // namespace minecs::dns
