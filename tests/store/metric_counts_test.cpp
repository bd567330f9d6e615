#include "minecs/store/metric_counts.hpp"

#include <gtest/gtest.h>

#include "minecs/store/services.hpp"
#include "minecs/store/tasks.hpp"

namespace minecs::store {

// In the record's namespace, where std::vector's comparison finds it.
bool operator==(const state_count& x, const state_count& y) {
  return x.cluster_arn == y.cluster_arn && x.state == y.state && x.count == y.count;
}

namespace {

const std::string cluster_a = "arn:aws:ecs:us-east-1:000000000000:cluster/a";
const std::string cluster_b = "arn:aws:ecs:us-east-1:000000000000:cluster/b";

class MetricCountsTest : public ::testing::Test {
 protected:
  database db{":memory:"};
  int next_ = 0;

  void task(const std::string& cluster, task_status status) {
    task_record t;
    t.id = "t" + std::to_string(next_++);
    t.arn = "arn:aws:ecs:us-east-1:000000000000:task/x/" + t.id;
    t.cluster_arn = cluster;
    t.last_status = status;
    db.write([&] { save_task(db, t); });
  }

  void service(const std::string& cluster, const std::string& status,
               std::vector<std::pair<std::string, std::string>> deployments) {
    service_record s;
    s.name = "s" + std::to_string(next_++);
    s.arn = "arn:aws:ecs:us-east-1:000000000000:service/x/" + s.name;
    s.cluster_arn = cluster;
    s.status = status;
    for (const auto& [deployment_status, rollout] : deployments) {
      deployment_record d;
      d.status = deployment_status;
      d.rollout_state = rollout;
      s.deployments.push_back(d);
    }
    db.write([&] { save_service(db, s); });
  }
};

TEST_F(MetricCountsTest, TasksCountByClusterAndLastStatus) {
  task(cluster_a, task_status::running);
  task(cluster_a, task_status::running);
  task(cluster_a, task_status::stopped);
  task(cluster_b, task_status::pending);
  auto counts = db.read([&] { return count_tasks_by_status(db); });
  EXPECT_EQ(counts,
            (std::vector<state_count>{
                {cluster_a, "RUNNING", 2}, {cluster_a, "STOPPED", 1}, {cluster_b, "PENDING", 1}}));
}

TEST_F(MetricCountsTest, ServicesCountByThePrimaryDeploymentsRolloutState) {
  service(cluster_a, "ACTIVE", {{"PRIMARY", "IN_PROGRESS"}, {"ACTIVE", "COMPLETED"}});
  service(cluster_a, "ACTIVE", {{"PRIMARY", "COMPLETED"}});
  service(cluster_a, "DRAINING", {{"PRIMARY", "COMPLETED"}});
  service(cluster_a, "INACTIVE", {{"PRIMARY", "FAILED"}});
  auto counts = db.read([&] { return count_services_by_rollout(db); });
  EXPECT_EQ(counts,
            (std::vector<state_count>{{cluster_a, "COMPLETED", 2}, {cluster_a, "IN_PROGRESS", 1}}));
}

}  // namespace
}  // namespace minecs::store
