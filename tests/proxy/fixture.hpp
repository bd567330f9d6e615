#pragma once
#include <string>

#include "minecs/core/arn.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/store/clusters.hpp"
#include "minecs/store/database.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/store/tasks.hpp"
#include "sample_records.hpp"

// Store records as the scheduler and the reconciler would leave them, for the proxy tests.
namespace minecs::proxy::fixture {

inline const scope here{"us-east-1", "000000000000"};

inline store::container_record app_container(container_status status = container_status::running,
                                             health_status health = health_status::unknown) {
  store::container_record c;
  c.name = "app";
  c.last_status = status;
  c.health_status = health;
  return c;
}

// A RUNNING bridge task whose container port 80 is published on 0.0.0.0:host_port.
inline store::task_record bridge_task(const std::string& id, int host_port, long revision = 1) {
  auto t = test_support::sample_task(id, revision);
  t.task_definition_arn = task_definition_arn(here, "web", revision);
  t.network_mode = network_mode::bridge;
  t.last_status = task_status::running;
  t.desired_status = task_status::running;
  t.service_name = "svc";
  t.group = "service:svc";
  auto c = app_container();
  c.network_bindings = json::array(
      {{{"bindIP", "0.0.0.0"}, {"containerPort", 80}, {"hostPort", host_port}, {"protocol", "tcp"}},
       {{"bindIP", "::"}, {"containerPort", 80}, {"hostPort", host_port}, {"protocol", "tcp"}}});
  t.containers.push_back(c);
  return t;
}

inline void add_cluster(store::database& db) {
  db.write([&] {
    store::cluster_record c;
    c.arn = cluster_arn(here, "c1");
    c.region = here.region;
    c.name = "c1";
    store::save_cluster(db, c);
  });
}

inline void add_task_definition(store::database& db, long revision, bool health_check) {
  db.write([&] {
    store::task_definition_record td;
    td.region = here.region;
    td.family = "web";
    td.revision = revision;
    td.arn = task_definition_arn(here, "web", revision);
    json container = {{"name", "app"}, {"image", "busybox"}, {"memory", 64}};
    if (health_check) {
      container["healthCheck"] = {{"command", {"CMD", "true"}}};
    }
    td.body = {{"family", "web"}, {"containerDefinitions", json::array({container})}};
    store::save_task_definition(db, td);
  });
}

inline store::service_record add_service(store::database& db, id_generator& ids,
                                         json load_balancers) {
  auto s = test_support::sample_service();
  s.desired_count = 2;
  s.launch_type = "EC2";
  s.load_balancers = std::move(load_balancers);
  s.deployments.push_back(store::new_deployment(s, ids, 0));
  db.write([&] { store::save_service(db, s); });
  return s;
}

inline void put_task(store::database& db, const store::task_record& t) {
  db.write([&] { store::save_task(db, t); });
}

}  // namespace minecs::proxy::fixture
