#include <gtest/gtest.h>

#include "sample_records.hpp"
#include "task_metadata.hpp"

namespace minecs::agent {
namespace {

store::task_record sample_task(const std::string& mode) {
  auto t = test_support::sample_task();
  t.launch_type = mode == "awsvpc" ? launch_type::fargate : launch_type::ec2;
  t.network_mode = parse_network_mode(mode).value();
  t.last_status = task_status::running;
  t.desired_status = task_status::running;
  t.cpu = "512";
  t.memory = "1024";
  t.availability_zone = "us-east-1a";
  t.pull_started_at = 1764054000.25;
  t.service_name = "frontend";
  store::container_record c;
  c.name = "app";
  c.arn = "arn:aws:ecs:us-east-1:000000000000:container/c1/abc/1";
  c.image = "busybox";
  c.runtime_id = "d0c4e7";
  c.last_status = container_status::running;
  c.cpu = "128";
  c.memory = "256";
  c.network_bindings =
      json::parse(R"([{"containerPort":80,"hostPort":32768,"protocol":"tcp","bindIP":"0.0.0.0"}])");
  t.containers.push_back(c);
  t.runtime.names = {{"app", "ecs-web-3-app-1"}};
  return t;
}

const json definition = {
    {"containerDefinitions",
     {{{"name", "app"},
       {"portMappings", {{{"containerPort", 80}}}},
       {"dockerLabels", {{"team", "qa"}}},
       {"logConfiguration",
        {{"logDriver", "awslogs"},
         {"options", {{"awslogs-group", "/ecs/web"}, {"awslogs-stream-prefix", "ecs"}}}}}}}}};

json docker_inspect() {
  return {
      {"Image", "sha256:feed"},
      {"Created", "2026-11-25T07:00:00.1Z"},
      {"State", {{"StartedAt", "2026-11-25T07:00:01.2Z"}, {"FinishedAt", "0001-01-01T00:00:00Z"}}},
      {"NetworkSettings", {{"Networks", {{"minecs-net", {{"IPAddress", "172.20.0.5"}}}}}}}};
}

TEST(TaskMetadata, BridgeContainerAsV4ShowsIt) {
  auto t = sample_task("bridge");
  task_view v{t, definition, {{"app", docker_inspect()}}, json::object(), {}, {}};
  auto c = container_metadata(v, "app", metadata_version::v4);
  EXPECT_EQ(c["DockerId"], "d0c4e7");
  EXPECT_EQ(c["DockerName"], "ecs-web-3-app-1");
  EXPECT_EQ(c["ImageID"], "sha256:feed");
  EXPECT_EQ(c["Labels"]["com.amazonaws.ecs.task-definition-version"], "3");
  EXPECT_EQ(c["Labels"]["team"], "qa");
  EXPECT_EQ(c["Limits"], json({{"CPU", 128}, {"Memory", 256}}));
  EXPECT_EQ(c["Ports"], json::parse(R"([{"ContainerPort":80,"Protocol":"tcp","HostPort":32768,
                                         "HostIp":"0.0.0.0"}])"));
  EXPECT_EQ(c["StartedAt"], "2026-11-25T07:00:01.2Z");
  EXPECT_FALSE(c.contains("FinishedAt"));
  EXPECT_EQ(c["LogDriver"], "awslogs");
  EXPECT_EQ(c["LogOptions"]["awslogs-stream"], "ecs/app/abc");
  EXPECT_EQ(c["ContainerARN"], t.containers[0].arn);
  EXPECT_EQ(c["Networks"], json::parse(R"([{"NetworkMode":"bridge",
                                            "IPv4Addresses":["172.20.0.5"]}])"));
  auto v3 = container_metadata(v, "app", metadata_version::v3);
  EXPECT_FALSE(v3.contains("ContainerARN"));
  EXPECT_FALSE(v3.contains("LogDriver"));
}

TEST(TaskMetadata, AwsvpcTaskUsesTheHolderEndpoint) {
  auto t = sample_task("awsvpc");
  json endpoint = {{"IPAddress", "172.21.3.7"},
                   {"IPPrefixLen", 16},
                   {"Gateway", "172.21.0.1"},
                   {"MacAddress", "02:42:ac:15:03:07"}};
  task_view v{t, definition, {{"app", docker_inspect()}}, endpoint, {{"env", "test"}}, {}};
  auto task = task_metadata(v, metadata_version::v4, true);
  EXPECT_EQ(task["Cluster"], t.cluster_arn);  // Fargate names the cluster by ARN
  EXPECT_EQ(task["Revision"], "3");
  EXPECT_EQ(task["ServiceName"], "frontend");
  EXPECT_EQ(task["Limits"], json({{"CPU", 0.5}, {"Memory", 1024}}));
  EXPECT_EQ(task["PullStartedAt"], "2025-11-25T07:00:00.250000000Z");
  EXPECT_EQ(task["LaunchType"], "FARGATE");
  EXPECT_EQ(task["TaskTags"], json({{"env", "test"}}));
  auto net = task["Containers"][0]["Networks"][0];
  EXPECT_EQ(net["NetworkMode"], "awsvpc");
  EXPECT_EQ(net["IPv4Addresses"], json({"172.21.3.7"}));
  EXPECT_EQ(net["IPv4SubnetCIDRBlock"], "172.21.0.0/16");
  EXPECT_EQ(net["SubnetGatewayIpv4Address"], "172.21.0.1/16");
  EXPECT_EQ(net["PrivateDNSName"], "ip-172-21-3-7.ec2.internal");
  EXPECT_EQ(task["Containers"][0]["Ports"],
            json::parse(R"([{"ContainerPort":80,"Protocol":"tcp","HostPort":80}])"));
  EXPECT_FALSE(task_metadata(v, metadata_version::v4, false).contains("TaskTags"));
  EXPECT_FALSE(task_metadata(v, metadata_version::v4, true).contains("ContainerInstanceTags"));
  v.container_instance_tags = std::vector<store::tag>{{"rack", "r1"}};
  EXPECT_EQ(task_metadata(v, metadata_version::v4, true)["ContainerInstanceTags"],
            json({{"rack", "r1"}}));
}

TEST(TaskMetadata, KnownStatusFollowsDockerAheadOfTheStore) {
  auto t = sample_task("bridge");
  t.last_status = task_status::activating;
  t.containers[0].last_status = container_status::pending;
  auto running = docker_inspect();
  running["State"]["Running"] = true;
  task_view v{t, definition, {{"app", running}}, json::object(), {}, {}};
  EXPECT_EQ(container_metadata(v, "app", metadata_version::v4)["KnownStatus"], "RUNNING");
  EXPECT_EQ(task_metadata(v, metadata_version::v4, false)["KnownStatus"], "RUNNING");
  task_view not_yet{t, definition, {{"app", docker_inspect()}}, json::object(), {}, {}};
  EXPECT_EQ(container_metadata(not_yet, "app", metadata_version::v4)["KnownStatus"], "PENDING");
  EXPECT_EQ(task_metadata(not_yet, metadata_version::v4, false)["KnownStatus"], "ACTIVATING");
}

TEST(TaskMetadata, PortsComeFromDockerBeforeTheStoreHasThem) {
  auto t = sample_task("bridge");
  t.containers[0].network_bindings = json::array();
  auto inspect = docker_inspect();
  inspect["NetworkSettings"]["Ports"] =
      json::parse(R"({"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"49153"}],"81/tcp":null})");
  task_view v{t, definition, {{"app", inspect}}, json::object(), {}, {}};
  EXPECT_EQ(container_metadata(v, "app", metadata_version::v4)["Ports"],
            json::parse(R"([{"ContainerPort":80,"Protocol":"tcp","HostPort":49153,
                             "HostIp":"0.0.0.0"}])"));
}

TEST(TaskMetadata, Ec2ClusterIsItsNameAndUnknownContainerIsEmpty) {
  auto t = sample_task("bridge");
  task_view v{t, definition, {}, json::object(), {}, {}};
  EXPECT_EQ(task_metadata(v, metadata_version::v3, false)["Cluster"], "c1");
  EXPECT_FALSE(task_metadata(v, metadata_version::v3, false).contains("LaunchType"));
  EXPECT_EQ(container_metadata(v, "nope", metadata_version::v4), json::object());
}

}  // namespace
}  // namespace minecs::agent
