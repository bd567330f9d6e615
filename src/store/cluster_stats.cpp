#include "minecs/store/cluster_stats.hpp"

#include "minecs/store/services.hpp"

namespace minecs::store {

cluster_stats stats_of_cluster(database& db, const std::string& cluster_arn) {
  cluster_stats s;
  // ECS counts a task as running once its last status is RUNNING, and as pending before that,
  // while its desired status is still RUNNING.
  auto st = db.prepare(
      "SELECT launch_type, last_status = 'RUNNING', count(*) FROM tasks WHERE cluster_arn = ?1 "
      "AND last_status <> 'STOPPED' AND (desired_status = 'RUNNING' OR last_status = 'RUNNING') "
      "GROUP BY 1, 2");
  st.bind(1, cluster_arn);
  while (st.step()) {
    bool fargate = st.text(0) == "FARGATE";
    bool running = st.int64(1) != 0;
    long n = static_cast<long>(st.int64(2));
    (running ? s.running_tasks : s.pending_tasks) += n;
    if (running) {
      (fargate ? s.running_fargate_tasks : s.running_ec2_tasks) += n;
    } else {
      (fargate ? s.pending_fargate_tasks : s.pending_ec2_tasks) += n;
    }
  }
  auto ci = db.prepare("SELECT count(*) FROM container_instances WHERE cluster_arn = ?1");
  ci.bind(1, cluster_arn);
  ci.step();
  s.container_instances = static_cast<long>(ci.int64(0));
  auto services = count_services(db, cluster_arn);
  s.active_services = services.active;
  s.draining_services = services.draining;
  s.active_fargate_services = services.active_fargate;
  s.active_ec2_services = services.active_ec2;
  return s;
}

}  // namespace minecs::store
