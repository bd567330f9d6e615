#include <gtest/gtest.h>

#include "answer.hpp"
#include "minecs/dns/name_table.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "wire.hpp"

namespace minecs::dns {
namespace {

using bytes = std::vector<std::uint8_t>;

class DnsCloudMapNames : public ::testing::Test {
 protected:
  DnsCloudMapNames() {
    db_.write([&] {
      store::cloudmap_namespace n;
      n.id = "ns-1";
      n.region = "us-east-1";
      n.name = "corp.local";
      n.type = store::cloudmap_namespace_type::dns_private;
      store::put_cloudmap_namespace(db_, n);
      auto http = n;
      http.id = "ns-2";
      http.name = "apps";
      http.type = store::cloudmap_namespace_type::http;
      store::put_cloudmap_namespace(db_, http);
      service_.id = "srv-1";
      service_.region = "us-east-1";
      service_.namespace_id = "ns-1";
      service_.name = "web";
      service_.custom_health = true;
      service_.dns_records = {{"A", 10}, {"SRV", 10}};
      store::put_cloudmap_service(db_, service_);
    });
  }

  void add(const std::string& id, const std::string& ip, const std::string& health) {
    db_.write([&] {
      store::cloudmap_instance i;
      i.service_id = "srv-1";
      i.id = id;
      i.attributes = {{"AWS_INSTANCE_IPV4", ip}, {"AWS_INSTANCE_PORT", "8080"}};
      i.health = health;
      store::register_cloudmap_instance(db_, service_, i);
    });
  }

  // The table as the source publishes it now.
  const name_table& table() {
    auto source = cloudmap_names();
    table_.publish(source->name(), source->collect(db_));
    return table_;
  }

  store::database db_{":memory:"};
  store::cloudmap_service service_;
  name_table table_;
};

TEST_F(DnsCloudMapNames, HealthyInstancesAnswerTheServiceName) {
  add("a", "10.0.0.1", "HEALTHY");
  add("b", "10.0.0.2", "UNHEALTHY");
  const auto& t = table();
  EXPECT_EQ(t.lookup("WEB.corp.local.").addresses, (std::vector<std::uint32_t>{0x0a000001}));
  EXPECT_EQ(t.lookup("web.corp.local").services,
            (std::vector<std::pair<std::uint16_t, std::string>>{{8080, "a.web.corp.local"}}));
  EXPECT_EQ(t.lookup("a.web.corp.local").addresses, (std::vector<std::uint32_t>{0x0a000001}));
  // The namespace is a zone: other names in it do not exist; HTTP namespaces have no names.
  EXPECT_EQ(t.lookup("db.corp.local").owner, ownership::owned);
  EXPECT_FALSE(t.lookup("db.corp.local").exists());
  EXPECT_EQ(t.lookup("web.apps").owner, ownership::foreign);
}

TEST_F(DnsCloudMapNames, NoHealthyInstanceFailsOpen) {
  add("b", "10.0.0.2", "UNHEALTHY");
  EXPECT_EQ(table().lookup("web.corp.local").addresses, (std::vector<std::uint32_t>{0x0a000002}));
}

TEST_F(DnsCloudMapNames, SrvQueriesAnswerPortAndTargetWithItsAddress) {
  add("a", "10.0.0.1", "HEALTHY");
  const auto& t = table();
  message q;
  q.head.id = 7;
  q.questions.push_back({"web.corp.local", rr_type::srv, class_in});
  auto d = decide(encode(q), t, {});
  ASSERT_EQ(d.what, verdict::reply);
  auto m = parse(d.reply).value_or(message{});
  ASSERT_EQ(m.answers.size(), 1u);
  EXPECT_EQ(m.answers[0].type, rr_type::srv);
  bytes want = {0, 1,   0,   1,   0x1f, 0x90, 1,   'a', 3,   'w', 'e', 'b',
                4, 'c', 'o', 'r', 'p',  5,    'l', 'o', 'c', 'a', 'l', 0};
  EXPECT_EQ(m.answers[0].data, want);
  ASSERT_EQ(m.additionals.size(), 1u);
  EXPECT_EQ(m.additionals[0].name, "a.web.corp.local");
  EXPECT_EQ(m.additionals[0].data, (bytes{10, 0, 0, 1}));
  // An A query of a name with only SRV records has no data, but the name exists.
  message qa;
  qa.questions.push_back({"a.web.corp.local", rr_type::srv, class_in});
  auto nodata = parse(decide(encode(qa), t, {}).reply).value_or(message{});
  EXPECT_EQ(nodata.head.rcode, rcode::no_error);
  EXPECT_TRUE(nodata.answers.empty());
}

}  // namespace
}  // namespace minecs::dns
