#include "minecs/task/task_protection.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "manual_clock.hpp"
#include "minecs/core/service_error.hpp"

namespace minecs::task {
namespace {

const scope here{"us-east-1", "000000000000"};

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const service_error& e) {
    return e.code() + ": " + e.what();
  }
  return "no error";
}

class TaskProtectionTest : public ::testing::Test {
 protected:
  TaskProtectionTest() {
    cluster_.name = "c1";
    cluster_.arn = cluster_arn(here, "c1");
    cluster_.region = here.region;
    db_.write([&] {
      store::save_cluster(db_, cluster_);
      save_task("svc1", "svc");
      save_task("svc2", "svc");
      save_task("lone", "");
    });
  }

  void save_task(const std::string& id, const std::string& service) {
    store::task_record t;
    t.id = id;
    t.arn = task_arn(here, "c1", id);
    t.region = here.region;
    t.cluster_arn = cluster_.arn;
    t.cluster_name = "c1";
    t.service_name = service;
    t.last_status = task_status::running;
    store::save_task(db_, t);
  }

  store::task_record task(const std::string& id) {
    return db_.read([&] { return *store::find_task(db_, task_arn(here, "c1", id)); });
  }

  protection_result update(const std::vector<std::string>& refs, bool enabled,
                           std::optional<long long> minutes) {
    return db_.write([&] {
      return update_task_protection(db_, here, cluster_, refs, enabled, minutes, clock_.now());
    });
  }

  protection_result get(const std::vector<std::string>& refs) {
    return db_.read([&] { return get_task_protection(db_, here, cluster_, refs, clock_.now()); });
  }

  store::database db_{":memory:"};
  manual_clock clock_;
  store::cluster_record cluster_;
};

TEST_F(TaskProtectionTest, DefaultsToTwoHoursAndExpires) {
  store::task_record t;
  t.arn = "arn";
  set_protection(t, true, std::nullopt, clock_.now());
  EXPECT_TRUE(t.protection_enabled);
  EXPECT_DOUBLE_EQ(t.protection_expires_at, clock_.now() + 120 * 60);
  EXPECT_TRUE(is_protected(t, clock_.now()));
  EXPECT_TRUE(is_protected(t, clock_.now() + 120 * 60 - 1));
  EXPECT_FALSE(is_protected(t, clock_.now() + 120 * 60));

  auto shown = protection_of(t, clock_.now() + 7199);
  EXPECT_TRUE(shown.enabled);
  EXPECT_DOUBLE_EQ(shown.expiration_date, clock_.now() + 7200);
  // After the expiry ECS reports the protection as cleared.
  shown = protection_of(t, clock_.now() + 7200);
  EXPECT_FALSE(shown.enabled);
  EXPECT_EQ(shown.expiration_date, 0);
  EXPECT_EQ(shown.task_arn, "arn");
}

TEST_F(TaskProtectionTest, CustomExpiryIsResetByEachUpdate) {
  store::task_record t;
  set_protection(t, true, 1, clock_.now());
  EXPECT_DOUBLE_EQ(t.protection_expires_at, clock_.now() + 60);
  clock_.advance(30);
  set_protection(t, true, 2880, clock_.now());
  EXPECT_DOUBLE_EQ(t.protection_expires_at, clock_.now() + 2880 * 60);
  // A shorter period replaces a longer one: the expiry is always reset, never extended.
  set_protection(t, true, 5, clock_.now());
  EXPECT_DOUBLE_EQ(t.protection_expires_at, clock_.now() + 300);
  set_protection(t, false, std::nullopt, clock_.now());
  EXPECT_FALSE(t.protection_enabled);
  EXPECT_FALSE(is_protected(t, clock_.now()));
}

TEST_F(TaskProtectionTest, RejectsMinutesOutOfRangeAndChangesNothing) {
  const std::string message =
      "InvalidParameterException: expiresInMinutes must be between 1 and 2880.";
  store::task_record t;
  set_protection(t, true, 10, clock_.now());
  auto before = t.protection_expires_at;
  for (long long bad : {0LL, -1LL, 2881LL, 100000LL}) {
    EXPECT_EQ(error_of([&] { set_protection(t, true, bad, clock_.now() + 5); }), message) << bad;
    EXPECT_EQ(error_of([&] { set_protection(t, false, bad, clock_.now() + 5); }), message) << bad;
  }
  EXPECT_TRUE(t.protection_enabled);
  EXPECT_DOUBLE_EQ(t.protection_expires_at, before);
  EXPECT_EQ(error_of([] { validate_expires_in_minutes(1); }), "no error");
  EXPECT_EQ(error_of([] { validate_expires_in_minutes(2880); }), "no error");

  // Through the store: nothing is written, not even for the tasks that were fine.
  EXPECT_EQ(error_of([&] { update({"svc1"}, true, 2881); }), message);
  EXPECT_FALSE(task("svc1").protection_enabled);
}

TEST_F(TaskProtectionTest, UpdatesServiceTasksAndReportsTheOthers) {
  auto r =
      update({"svc1", task_arn(here, "c1", "svc2"), "lone", "nope", task_arn(here, "c1", "gone")},
             true, 60);
  ASSERT_EQ(r.tasks.size(), 2u);
  EXPECT_EQ(r.tasks[0].task_arn, task_arn(here, "c1", "svc1"));
  EXPECT_TRUE(r.tasks[0].enabled);
  EXPECT_DOUBLE_EQ(r.tasks[0].expiration_date, clock_.now() + 3600);
  EXPECT_EQ(r.tasks[1].task_arn, task_arn(here, "c1", "svc2"));
  ASSERT_EQ(r.failures.size(), 3u);
  EXPECT_EQ(r.failures[0].arn, task_arn(here, "c1", "lone"));
  EXPECT_EQ(r.failures[0].reason, "TASK_NOT_VALID");
  EXPECT_EQ(r.failures[1].arn, task_arn(here, "c1", "nope"));
  EXPECT_EQ(r.failures[1].reason, "MISSING");
  EXPECT_EQ(r.failures[2].arn, task_arn(here, "c1", "gone"));
  EXPECT_EQ(r.failures[2].reason, "MISSING");

  EXPECT_TRUE(task("svc1").protection_enabled);
  EXPECT_FALSE(task("lone").protection_enabled);

  auto seen = get({"svc1", "svc2", "lone", "nope"});
  ASSERT_EQ(seen.tasks.size(), 2u);
  EXPECT_TRUE(seen.tasks[0].enabled);
  EXPECT_EQ(seen.failures.size(), 2u);

  r = update({"svc2"}, false, std::nullopt);
  ASSERT_EQ(r.tasks.size(), 1u);
  EXPECT_FALSE(r.tasks[0].enabled);
  EXPECT_EQ(r.tasks[0].expiration_date, 0);
  EXPECT_FALSE(task("svc2").protection_enabled);
}

TEST_F(TaskProtectionTest, GetReportsExpiredProtectionAsDisabled) {
  update({"svc1"}, true, 1);
  clock_.advance(59);
  auto seen = get({"svc1"});
  ASSERT_EQ(seen.tasks.size(), 1u);
  EXPECT_TRUE(seen.tasks[0].enabled);
  clock_.advance(1);
  seen = get({"svc1"});
  ASSERT_EQ(seen.tasks.size(), 1u);
  EXPECT_FALSE(seen.tasks[0].enabled);
  EXPECT_EQ(seen.tasks[0].expiration_date, 0);
}

TEST_F(TaskProtectionTest, TasksOfAnotherClusterAreMissing) {
  store::cluster_record other;
  other.name = "c2";
  other.arn = cluster_arn(here, "c2");
  other.region = here.region;
  auto r = db_.write([&] {
    store::save_cluster(db_, other);
    return update_task_protection(db_, here, other, {"svc1"}, true, std::nullopt, clock_.now());
  });
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].arn, task_arn(here, "c2", "svc1"));
  EXPECT_EQ(r.failures[0].reason, "MISSING");
  EXPECT_FALSE(task("svc1").protection_enabled);
}

}  // namespace
}  // namespace minecs::task
