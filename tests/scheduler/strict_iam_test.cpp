#include <gtest/gtest.h>

#include "fixture.hpp"
#include "minecs/store/iam_records.hpp"

namespace minecs::scheduler {
namespace {

using test_support::here;

class StrictIamSchedulerTest : public test_support::scheduler_fixture {
 protected:
  // web:1 names a task role that IAM does not have yet.
  void name_role(const std::string& role_arn) {
    db_.write([&] {
      auto td = *store::find_task_definition(db_, here.region, "web", 1);
      td.body["taskRoleArn"] = role_arn;
      store::save_task_definition(db_, td);
    });
  }

  static settings strict() {
    auto s = test_support::instant_settle();
    s.strict_iam = true;
    return s;
  }
};

TEST_F(StrictIamSchedulerTest, AServiceWaitsForItsRoleAndSaysSoOnce) {
  const std::string role = "arn:aws:iam::000000000000:role/app/web-task";
  name_role(role);
  scheduler strict_scheduler(db_, clock_, ids_, strict());
  make_service(2);
  strict_scheduler.run_once();
  EXPECT_TRUE(tasks().empty());
  EXPECT_EQ(count_messages("(service svc) failed to launch a task with (error ECS was unable to "
                           "assume the role '" +
                           role +
                           "' that was provided for this task. Please verify that the role being "
                           "passed has the proper trust relationship and permissions and that "
                           "your IAM user has permissions to pass this role.)."),
            1);
  EXPECT_EQ(service().deployments[0].rollout_state, "IN_PROGRESS");

  // Said once: the next passes change nothing, not even the store.
  auto generation = db_.changes().generation();
  strict_scheduler.run_once();
  EXPECT_EQ(db_.changes().generation(), generation);

  // A role of that name under another path is not the one named.
  store::iam_role r;
  r.name = "web-task";
  r.path = "/";
  r.id = "AROAEXAMPLE000000001";
  db_.write([&] { store::put_iam(db_, r); });
  strict_scheduler.run_once();
  EXPECT_TRUE(tasks().empty());

  r.path = "/app/";
  db_.write([&] { store::put_iam(db_, r); });
  strict_scheduler.run_once();
  EXPECT_EQ(tasks().size(), 2u);
  EXPECT_EQ(count_messages("failed to launch a task"), 1);
  EXPECT_FALSE(service().role_failure_reported);
}

TEST_F(StrictIamSchedulerTest, WithoutStrictIamAMissingRoleStartsTasks) {
  name_role("arn:aws:iam::000000000000:role/nobody-made-me");
  make_service(2);
  sched_.run_once();
  EXPECT_EQ(tasks().size(), 2u);
  EXPECT_EQ(count_messages("failed to launch a task"), 0);
}

}  // namespace
}  // namespace minecs::scheduler
