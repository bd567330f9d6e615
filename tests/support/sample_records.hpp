#pragma once
// The records tests of several layers start from, all in cluster c1 of us-east-1, account
// 000000000000, family web. Only who and where: each test sets the status, launch type,
// counts and containers it is about.
#include <string>

#include "minecs/core/arn.hpp"
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

}  // namespace minecs::test_support
