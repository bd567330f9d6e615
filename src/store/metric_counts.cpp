#include "minecs/store/metric_counts.hpp"

namespace minecs::store {

namespace {

std::vector<state_count> read_counts(statement& st) {
  std::vector<state_count> out;
  while (st.step()) {
    out.push_back({st.text(0), st.text(1), static_cast<long>(st.int64(2))});
  }
  return out;
}

}  // namespace

std::vector<state_count> count_tasks_by_status(database& db) {
  auto st = db.prepare(
      "SELECT cluster_arn, last_status, count(*) FROM tasks GROUP BY 1, 2 ORDER BY 1, 2");
  return read_counts(st);
}

std::vector<state_count> count_services_by_rollout(database& db) {
  auto st = db.prepare(
      "SELECT s.cluster_arn, json_extract(d.value, '$.rollout_state'), count(*) "
      "FROM services s, json_each(s.doc, '$.deployments') d "
      "WHERE s.status <> 'INACTIVE' AND json_extract(d.value, '$.status') = 'PRIMARY' "
      "GROUP BY 1, 2 ORDER BY 1, 2");
  return read_counts(st);
}

}  // namespace minecs::store
