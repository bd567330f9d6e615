// The parts of a container's create body one at a time, so that a wrong key points at its part;
// container_config_test.cpp checks the whole body.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "minecs/task/container_definitions.hpp"
#include "sample_records.hpp"
#include "tasks/container_config_parts.hpp"
#include "tasks/definition_values.hpp"

namespace minecs::reconcile {
namespace {

placement parts_placement(const std::string& network_mode) {
  placement p;
  p.image = "busybox:latest";
  p.network_mode = network_mode;
  p.region = "eu-west-1";
  return p;
}

TEST(DefinitionValues, NumbersMayBeStringsAndOverridesWin) {
  EXPECT_EQ(number(json(256)), 256);
  EXPECT_EQ(number(json("512")), 512);
  EXPECT_FALSE(number(json("lots")));
  EXPECT_FALSE(number(json()));
  EXPECT_EQ(number_of({{"cpu", "128"}}, "cpu"), 128);
  EXPECT_FALSE(number_of(json::array(), "cpu"));
  json overrides = {{"containerOverrides", {{{"name", "app"}, {"cpu", 64}, {"memory", nullptr}}}}};
  const json* over = task::find_container_override(overrides, "app");
  ASSERT_NE(over, nullptr);
  json def = {{"cpu", 8}, {"memory", 32}};
  EXPECT_EQ(pick(def, over, "cpu"), 64);
  EXPECT_EQ(pick(def, over, "memory"), 32);  // a null override leaves the definition's
  EXPECT_EQ(pick(def, nullptr, "cpu"), 8);
}

TEST(ContainerConfigParts, NetworkModes) {
  EXPECT_TRUE(joins_holder("container:abc"));
  EXPECT_FALSE(joins_holder("bridge"));
  EXPECT_TRUE(bridge_mode("bridge"));
  EXPECT_TRUE(bridge_mode("minecs-net"));
  EXPECT_FALSE(bridge_mode("host"));
  EXPECT_FALSE(bridge_mode("none"));
  EXPECT_FALSE(bridge_mode("container:abc"));
}

TEST(ContainerConfigParts, EnvironmentStartsWithWhatEcsSets) {
  auto task = minecs::test_support::sample_task();
  task.launch_type = launch_type::fargate;
  auto where = parts_placement("bridge");
  where.agent_env = {{"ECS_AGENT_URI", "http://169.254.170.2/api/t"}};
  json def = {{"environment", {{{"name", "AWS_REGION"}, {"value", "mine"}}}}};
  EXPECT_EQ(container_environment(def, nullptr, task, where),
            json({"AWS_EXECUTION_ENV=AWS_ECS_FARGATE", "AWS_REGION=mine",
                  "AWS_DEFAULT_REGION=eu-west-1", "ECS_AGENT_URI=http://169.254.170.2/api/t"}));
}

TEST(ContainerConfigParts, HealthCheckDefaultsAreEcss) {
  EXPECT_EQ(health_check({{"command", {"CMD", "true"}}}), json({{"Test", {"CMD", "true"}},
                                                                {"Interval", 30000000000LL},
                                                                {"Timeout", 5000000000LL},
                                                                {"Retries", 3},
                                                                {"StartPeriod", 0}}));
}

TEST(ContainerConfigParts, HostnameOnlyWhereDockerTakesIt) {
  auto task = minecs::test_support::sample_task();
  json def = {{"hostname", "box"}};
  EXPECT_EQ(process_config(def, nullptr, task, parts_placement("bridge"))["Hostname"], "box");
  EXPECT_FALSE(process_config(def, nullptr, task, parts_placement("host")).contains("Hostname"));
  EXPECT_FALSE(
      process_config(def, nullptr, task, parts_placement("container:h")).contains("Hostname"));
}

TEST(ContainerConfigParts, MinecsLabelsWinOverTheDefinitions) {
  json def = {{"dockerLabels", {{"minecs.instance", "forged"}, {"team", "x"}}}};
  EXPECT_EQ(container_labels(def, {{"minecs.instance", "inst1"}}),
            json({{"minecs.instance", "inst1"}, {"team", "x"}}));
}

TEST(ContainerConfigParts, ResourceLimits) {
  auto task = minecs::test_support::sample_task();
  task.memory = "512";
  // A reservation above the task's memory leaves Memory unset rather than below it.
  EXPECT_EQ(resource_limits({{"memoryReservation", 1024}}, nullptr, task, 1),
            json({{"CpuShares", 2}, {"MemoryReservation", 1024 * mib}}));
  EXPECT_EQ(resource_limits({{"cpu", "300"}, {"ulimits", {{{"name", "core"}}}}}, nullptr, task, 1),
            json({{"CpuShares", 300},
                  {"Memory", 512 * mib},
                  {"Ulimits", {{{"Name", "core"}, {"Soft", 0}, {"Hard", 0}}}}}));
}

TEST(ContainerConfigParts, LinuxSettings) {
  json def = {{"privileged", true},
              {"dockerSecurityOptions", {"no-new-privileges"}},
              {"systemControls", {{{"namespace", "net.core.somaxconn"}, {"value", "1024"}}}},
              {"linuxParameters",
               {{"devices", {{{"hostPath", "/dev/fuse"}, {"permissions", {"read", "write"}}}}},
                {"maxSwap", 16},
                {"swappiness", 10}}}};
  EXPECT_EQ(linux_settings(def), json({{"Privileged", true},
                                       {"SecurityOpt", {"no-new-privileges"}},
                                       {"Sysctls", {{"net.core.somaxconn", "1024"}}},
                                       {"Devices",
                                        {{{"PathOnHost", "/dev/fuse"},
                                          {"PathInContainer", "/dev/fuse"},
                                          {"CgroupPermissions", "rw"}}}},
                                       {"MemorySwap", 16 * mib},
                                       {"MemorySwappiness", 10}}));
  EXPECT_EQ(linux_settings(json::object()), json::object());
}

TEST(ContainerConfigParts, DnsAndHostsAppendToWhatIsThere) {
  json host = {{"Dns", {"1.1.1.1"}}};
  dns_and_hosts({{"dnsServers", {"8.8.8.8"}}, {"extraHosts", {{{"hostname", "db"}}}}}, host);
  EXPECT_EQ(host, json({{"Dns", {"1.1.1.1", "8.8.8.8"}}, {"ExtraHosts", {"db:"}}}));
}

TEST(ContainerConfigParts, LogSettingsAddSecretOptionsExceptToAwslogs) {
  container_secrets secrets;
  secrets.log_options = {{"token", "t"}};
  json plain = {{"logConfiguration", {{"options", {{"max-file", 3}}}}}};
  EXPECT_EQ(log_settings(plain, secrets),
            json({{"LogConfig",
                   {{"Type", "json-file"}, {"Config", {{"max-file", "3"}, {"token", "t"}}}}}}));
  json awslogs = {{"logConfiguration", {{"logDriver", "awslogs"}}}};
  EXPECT_EQ(log_settings(awslogs, secrets),
            json({{"LogConfig", {{"Type", "json-file"}, {"Config", json::object()}}}}));
  EXPECT_EQ(log_settings(json::object(), secrets), json::object());
}

TEST(ContainerConfigParts, VolumeMountsSkipUnknownSources) {
  auto where = parts_placement("bridge");
  where.volume_sources = {{"data", "/srv"}};
  where.docker_names = {{"side", "ecs-side"}};
  json def = {{"mountPoints",
               {{{"sourceVolume", "data"}, {"containerPath", "/d"}},
                {{"sourceVolume", "gone"}, {"containerPath", "/g"}}}},
              {"volumesFrom", {{{"sourceContainer", "side"}}, {{"sourceContainer", "ghost"}}}}};
  EXPECT_EQ(volume_mounts(def, where),
            json({{"Binds", {"/srv:/d"}}, {"VolumesFrom", {"ecs-side:rw"}}}));
  EXPECT_EQ(volume_mounts(json::object(), where), json::object());
}

TEST(ContainerConfigParts, LinksNameTheDockerContainer) {
  json def = {{"links", {"db", "cache:c", "ghost:g"}}};
  EXPECT_EQ(docker_links(def, {{"db", "ecs-db"}, {"cache", "ecs-cache"}}),
            json({"ecs-db:db", "ecs-cache:c"}));
}

TEST(ContainerConfigParts, PortMappingsLeaveRangesAlone) {
  json def = {{"portMappings",
               {{{"containerPort", 80}, {"hostPort", 8080}},
                {{"containerPort", "53"}, {"protocol", "udp"}},
                {{"containerPortRange", "9000-9001"}}}}};
  auto ports = port_mappings(def);
  EXPECT_EQ(ports.exposed, json({{"80/tcp", json::object()}, {"53/udp", json::object()}}));
  EXPECT_EQ(ports.bindings, json({{"80/tcp", {{{"HostIp", ""}, {"HostPort", "8080"}}}},
                                  {"53/udp", {{{"HostIp", ""}, {"HostPort", ""}}}}}));
}

}  // namespace
}  // namespace minecs::reconcile
