#pragma once
// The records tests of several layers start from, all in cluster c1 of us-east-1, account
// 000000000000, family web. Only who and where: each test sets the status, launch type,
// counts and containers it is about.
#include <string>

#include "minecs/core/arn.hpp"
#include "minecs/store/elbv2_records.hpp"
#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::test_support {

inline const scope sample_scope{"us-east-1", "000000000000"};

inline store::task_record sample_task(const std::string& id = "abc", long revision = 3) {
  store::task_record t;
  t.arn = task_arn(sample_scope, "c1", id);
  t.id = id;
  t.region = sample_scope.region;
  t.cluster_arn = cluster_arn(sample_scope, "c1");
  t.cluster_name = "c1";
  t.family = "web";
  t.revision = revision;
  return t;
}

// Service svc of task definition web:1.
inline store::service_record sample_service() {
  store::service_record s;
  s.name = "svc";
  s.region = sample_scope.region;
  s.account = sample_scope.account;
  s.cluster_name = "c1";
  s.cluster_arn = cluster_arn(sample_scope, "c1");
  s.arn = service_arn(sample_scope, "c1", "svc");
  s.task_definition_arn = task_definition_arn(sample_scope, "web", 1);
  return s;
}

// An HTTP:80 target group of `target_type` and the listener of load balancer lb that forwards to
// it; the listener is left out of the store by tests of a group no load balancer uses.
struct sample_balancer {
  store::elbv2_target_group group;
  store::elbv2_listener listener;
};

inline sample_balancer sample_target_group(const std::string& name,
                                           const std::string& target_type = "ip") {
  const std::string prefix = "arn:aws:elasticloadbalancing:us-east-1:000000000000:";
  sample_balancer out;
  auto& g = out.group;
  g.id = prefix + "targetgroup/" + name + "/0123456789abcdef";
  g.region = sample_scope.region;
  g.name = name;
  g.target_type = target_type;
  g.protocol = "HTTP";
  g.port = 80;
  auto& l = out.listener;
  l.id = prefix + "listener/app/lb/1/" + name;
  l.region = sample_scope.region;
  l.load_balancer_arn = prefix + "loadbalancer/app/lb/1";
  l.protocol = "HTTP";
  l.port = 80;
  store::elbv2_action forward;
  forward.type = "forward";
  forward.target_groups = {{g.id, 1}};
  l.default_actions = {forward};
  return out;
}

}  // namespace minecs::test_support
