#include "minecs/task/task_tags.hpp"

#include <gtest/gtest.h>

#include <map>

namespace minecs::task {
namespace {

const std::string td_arn = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1";
const std::string svc_arn = "arn:aws:ecs:us-east-1:000000000000:service/c1/web";

std::map<std::string, std::string> as_map(const std::vector<store::tag>& tags) {
  std::map<std::string, std::string> out;
  for (const auto& t : tags) {
    out[t.key] = t.value;
  }
  return out;
}

class TaskTagsTest : public ::testing::Test {
 protected:
  TaskTagsTest() {
    db_.write([&] {
      store::put_tags(db_, td_arn, {{"team", "td"}, {"tier", "web"}});
      store::put_tags(db_, svc_arn, {{"team", "svc"}, {"owner", "ops"}});
    });
  }

  std::vector<store::tag> tags(std::vector<store::tag> own, const tag_origin& from) {
    return db_.write([&] { return new_task_tags(db_, std::move(own), from); });
  }

  store::database db_{":memory:"};
};

TEST_F(TaskTagsTest, NothingPropagatesUnlessAsked) {
  tag_origin from{"", td_arn, svc_arn, false, "c1", "web"};
  EXPECT_EQ(as_map(tags({{"a", "1"}}, from)), (std::map<std::string, std::string>{{"a", "1"}}));
  from.propagate_tags = "NONE";
  EXPECT_EQ(as_map(tags({}, from)), (std::map<std::string, std::string>{}));
}

TEST_F(TaskTagsTest, TheTasksOwnTagsWinOverPropagatedOnes) {
  tag_origin from{"TASK_DEFINITION", td_arn, "", false, "c1", ""};
  EXPECT_EQ(as_map(tags({{"team", "mine"}}, from)),
            (std::map<std::string, std::string>{{"team", "mine"}, {"tier", "web"}}));
}

TEST_F(TaskTagsTest, AServicePropagatesItsOwnTags) {
  tag_origin from{"SERVICE", td_arn, svc_arn, false, "c1", "web"};
  EXPECT_EQ(as_map(tags({}, from)),
            (std::map<std::string, std::string>{{"team", "svc"}, {"owner", "ops"}}));
}

TEST_F(TaskTagsTest, ServiceMeansNothingForATaskWithoutService) {
  tag_origin from{"SERVICE", td_arn, "", false, "c1", ""};
  EXPECT_TRUE(tags({}, from).empty());
}

TEST_F(TaskTagsTest, ManagedTagsNameTheClusterAndTheService) {
  tag_origin service_task{"", td_arn, svc_arn, true, "c1", "web"};
  EXPECT_EQ(as_map(tags({}, service_task)),
            (std::map<std::string, std::string>{{"aws:ecs:clusterName", "c1"},
                                                {"aws:ecs:serviceName", "web"}}));
  tag_origin lone_task{"", td_arn, "", true, "c1", ""};
  EXPECT_EQ(as_map(tags({}, lone_task)),
            (std::map<std::string, std::string>{{"aws:ecs:clusterName", "c1"}}));
}

}  // namespace
}  // namespace minecs::task
