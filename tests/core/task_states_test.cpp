// The ECS words of the task enums and the launch-type rule that the store and the task layer
// share.
#include "minecs/core/task_states.hpp"

#include <gtest/gtest.h>

namespace minecs {
namespace {

TEST(TaskStates, WordsRoundTrip) {
  for (auto v : {launch_type::ec2, launch_type::fargate, launch_type::external,
                 launch_type::managed_instances}) {
    EXPECT_EQ(parse_launch_type(to_string(v)), v);
  }
  EXPECT_EQ(parse_task_status("STOPPED"), task_status::stopped);
  EXPECT_EQ(parse_task_status("stopped"), std::nullopt);
  EXPECT_EQ(to_string(network_mode::awsvpc), "awsvpc");
}

TEST(TaskStates, EffectiveLaunchTypeIsTheWordThenTheStrategyThenEc2) {
  EXPECT_EQ(effective_launch_type("EXTERNAL", true), launch_type::external);
  EXPECT_EQ(effective_launch_type("FARGATE", false), launch_type::fargate);
  EXPECT_EQ(effective_launch_type("", true), launch_type::fargate);
  EXPECT_EQ(effective_launch_type("", false), launch_type::ec2);
  // Only a hand-edited record holds a word outside LaunchType's.
  EXPECT_EQ(effective_launch_type("ec2", false), launch_type::ec2);
}

}  // namespace
}  // namespace minecs
