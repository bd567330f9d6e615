#include "minecs/dns/name_table.hpp"

#include <gtest/gtest.h>

#include "minecs/store/tasks.hpp"
#include "sample_records.hpp"

namespace minecs::dns {
namespace {

TEST(DnsNameTable, LooksNamesUpInAnyCase) {
  name_table t;
  t.publish("eni", {{"ec2.internal"}, {{"ip-10-0-0-5.ec2.internal", 0x0a000005}}});
  auto hit = t.lookup("IP-10-0-0-5.EC2.Internal.");
  EXPECT_EQ(hit.owner, ownership::owned);
  EXPECT_EQ(hit.addresses, std::vector<std::uint32_t>{0x0a000005});
}

TEST(DnsNameTable, OwnsItsZonesButNothingBeside) {
  name_table t;
  t.publish("eni", {{"ec2.internal", "compute.internal"}, {}});
  EXPECT_EQ(t.lookup("ip-10-9-9-9.ec2.internal").owner, ownership::owned);
  EXPECT_TRUE(t.lookup("ip-10-9-9-9.ec2.internal").addresses.empty());
  EXPECT_EQ(t.lookup("ip-1-2-3-4.eu-west-1.compute.internal").owner, ownership::owned);
  EXPECT_EQ(t.lookup("ec2.internal").owner, ownership::owned);
  // A name that merely ends in the same letters is somebody else's.
  EXPECT_EQ(t.lookup("notec2.internal").owner, ownership::foreign);
  EXPECT_EQ(t.lookup("example.com").owner, ownership::foreign);
}

TEST(DnsNameTable, EachSourceReplacesOnlyItsOwnRecords) {
  name_table t;
  t.publish("eni", {{"ec2.internal"}, {{"a.ec2.internal", 1}}});
  t.publish("cloudmap", {{"corp.local"}, {{"api.corp.local", 2}, {"api.corp.local", 3}}});
  EXPECT_EQ(t.lookup("api.corp.local").addresses, (std::vector<std::uint32_t>{2, 3}));
  t.publish("eni", {{"ec2.internal"}, {}});
  EXPECT_TRUE(t.lookup("a.ec2.internal").addresses.empty());
  EXPECT_EQ(t.lookup("api.corp.local").addresses.size(), 2u);
  // A record outside every zone is still answered (a source may own single names).
  t.publish("single", {{}, {{"db.example.test", 9}}});
  EXPECT_EQ(t.lookup("db.example.test").owner, ownership::owned);
  EXPECT_EQ(t.lookup("other.example.test").owner, ownership::foreign);
}

store::task_record task_with_eni(const std::string& id, const std::string& ip,
                                 const std::string& dns, task_status status) {
  auto t = test_support::sample_task(id);
  t.network_mode = network_mode::awsvpc;
  t.last_status = status;
  store::eni_attachment a;
  a.id = "att-" + id;
  a.status = "ATTACHED";
  a.private_ipv4 = ip;
  a.private_dns_name = dns;
  t.attachments.push_back(a);
  return t;
}

TEST(DnsEniNames, NamesTheEnisOfTasksThatAreNotStopped) {
  store::database db(":memory:");
  db.write([&] {
    store::save_task(
        db, task_with_eni("t1", "10.224.0.5", "ip-10-224-0-5.ec2.internal", task_status::running));
    store::save_task(
        db, task_with_eni("t2", "10.224.0.6", "ip-10-224-0-6.ec2.internal", task_status::stopped));
    store::save_task(db, task_with_eni("t3", "", "", task_status::provisioning));
  });
  auto source = eni_names();
  auto set = source->collect(db);
  EXPECT_EQ(set.addresses,
            (std::vector<address_record>{{"ip-10-224-0-5.ec2.internal", 0x0ae00005}}));
  name_table t;
  t.publish(source->name(), set);
  EXPECT_EQ(t.lookup("ip-10-224-0-6.ec2.internal").owner, ownership::owned);
  EXPECT_TRUE(t.lookup("ip-10-224-0-6.ec2.internal").addresses.empty());
}

}  // namespace
}  // namespace minecs::dns
