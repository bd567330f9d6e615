// A service with serviceRegistries: each RUNNING task with an address is an instance of the Cloud
// Map service, with the attributes ECS writes, whose custom health follows the task's; a stopping
// task is deregistered at once, and instances the service did not register are left alone.
#include <gtest/gtest.h>

#include "fixture.hpp"
#include "minecs/store/cloudmap_records.hpp"
#include "minecs/store/tags.hpp"

namespace minecs::scheduler {
namespace {

class ServiceDiscoveryTest : public test_support::scheduler_fixture {
 protected:
  static constexpr const char* registry_arn =
      "arn:aws:servicediscovery:us-east-1:000000000000:service/srv-aaaaaaaaaaaaaaaa";

  void registered_in_cloud_map(long desired) {
    db_.write([&] {
      store::cloudmap_service s;
      s.id = "srv-aaaaaaaaaaaaaaaa";
      s.arn = registry_arn;
      s.region = "us-east-1";
      s.namespace_id = "ns-1";
      s.name = "web";
      s.custom_health = true;
      s.dns_records = {{"A", 10}, {"SRV", 10}};
      store::put_cloudmap_service(db_, s);
      store::cloudmap_instance manual;
      manual.service_id = s.id;
      manual.id = "by-hand";
      manual.attributes = {{"AWS_INSTANCE_IPV4", "10.9.9.9"}, {"AWS_INSTANCE_PORT", "1"}};
      store::put_cloudmap_instance(db_, manual);
    });
    auto s = make_service(desired);
    // Within the grace period an unhealthy task is not replaced: its instance stays, unhealthy.
    s.health_check_grace_period = 300;
    s.service_registries = json::array(
        {{{"registryArn", registry_arn}, {"containerName", "app"}, {"containerPort", 8080}}});
    save(s);
  }

  std::map<std::string, store::cloudmap_instance> instances() {
    return db_.read([&] {
      std::map<std::string, store::cloudmap_instance> out;
      for (auto& i : store::list_cloudmap_instances(db_, "srv-aaaaaaaaaaaaaaaa")) {
        out.emplace(i.id, i);
      }
      return out;
    });
  }

  void run_with_addresses(health_status health = health_status::unknown) {
    int n = 10;
    for (const auto& t : tasks()) {
      if (t.desired_status == task_status::running && t.last_status != task_status::stopped) {
        mark_running(t, health);
        update_task(t.arn, [&](auto& x) {
          store::eni_attachment a;
          a.id = "att-" + x.id;
          a.private_ipv4 = "10.0.1." + std::to_string(n++);
          x.attachments = {a};
        });
      }
    }
  }
};

TEST_F(ServiceDiscoveryTest, RunningTasksAreInstancesWithTheAttributesEcsWrites) {
  registered_in_cloud_map(2);
  sched_.run_once();
  EXPECT_EQ(instances().size(), 1u);  // nothing runs yet
  run_with_addresses();
  sched_.run_once();
  auto all = instances();
  ASSERT_EQ(all.size(), 3u);
  for (const auto& t : tasks()) {
    ASSERT_EQ(all.count(t.id), 1u);
    const auto& a = all.at(t.id).attributes;
    EXPECT_EQ(a.at("AWS_INSTANCE_IPV4"), t.attachments.at(0).private_ipv4);
    EXPECT_EQ(a.at("AWS_INSTANCE_PORT"), "8080");
    EXPECT_EQ(a.at("ECS_SERVICE_NAME"), service().name);
    EXPECT_EQ(a.at("ECS_CLUSTER_NAME"), service().cluster_name);
    EXPECT_EQ(a.at("ECS_TASK_DEFINITION_FAMILY"), t.family);
    EXPECT_EQ(a.at("REGION"), "us-east-1");
    EXPECT_EQ(a.at("AWS_INIT_HEALTH_STATUS"), "HEALTHY");
    EXPECT_EQ(all.at(t.id).health, "HEALTHY");
  }
  auto revision =
      db_.read([&] { return store::find_cloudmap_service(db_, "srv-aaaaaaaaaaaaaaaa")->revision; });
  sched_.run_once();  // nothing changed: nothing written
  EXPECT_EQ(
      db_.read([&] { return store::find_cloudmap_service(db_, "srv-aaaaaaaaaaaaaaaa")->revision; }),
      revision);

  // Health follows the task; the initial status stays.
  auto first = tasks().front();
  update_task(first.arn, [](auto& x) { x.health_status = health_status::unhealthy; });
  sched_.run_once();
  EXPECT_EQ(instances().at(first.id).health, "UNHEALTHY");
  EXPECT_EQ(instances().at(first.id).attributes.at("AWS_INIT_HEALTH_STATUS"), "HEALTHY");

  // Scaled in: the stopping task leaves at once; the instance registered by hand stays.
  auto s = service();
  s.desired_count = 0;
  save(s);
  sched_.run_once();
  auto left = instances();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left.begin()->first, "by-hand");
}

// Deleted and drained: the Cloud Map service ECS made for Service Connect goes with the service;
// one made by hand (not tagged AmazonECSManaged) stays, and so does one another service uses.
TEST_F(ServiceDiscoveryTest, ServiceConnectServicesEcsMadeGoWhenTheServiceIsInactive) {
  auto cloud_map = [&](const std::string& id, bool managed) {
    store::cloudmap_service c;
    c.id = id;
    c.arn = "arn:aws:servicediscovery:us-east-1:000000000000:service/" + id;
    c.region = "us-east-1";
    c.namespace_id = "ns-1";
    c.name = id;
    c.type = "HTTP";
    store::put_cloudmap_service(db_, c);
    if (managed) {
      store::put_tags(db_, c.arn, {{"AmazonECSManaged", "true"}});
    }
    return json{{"discoveryName", id}, {"discoveryArn", c.arn}, {"containerPort", 8080}};
  };
  json mine = json::array();
  json shared = json::array();
  db_.write([&] {
    mine = json::array({cloud_map("srv-ecsmade", true), cloud_map("srv-byhand", false),
                        cloud_map("srv-shared", true)});
    shared = json::array({mine[2]});
  });
  auto other = make_service(0);
  other.arn += "-other";
  other.name += "-other";
  other.service_connect_resources = shared;
  save(other);
  auto s = make_service(0);
  s.service_connect_resources = mine;
  s.status = "DRAINING";
  save(s);
  sched_.run_once();
  ASSERT_EQ(service().status, "INACTIVE");
  db_.read([&] {
    EXPECT_FALSE(store::find_cloudmap_service(db_, "srv-ecsmade"));
    EXPECT_TRUE(store::tags_of(db_, mine[0]["discoveryArn"].get<std::string>()).empty());
    EXPECT_TRUE(store::find_cloudmap_service(db_, "srv-byhand"));
    EXPECT_TRUE(store::find_cloudmap_service(db_, "srv-shared"));
  });
}

}  // namespace
}  // namespace minecs::scheduler
