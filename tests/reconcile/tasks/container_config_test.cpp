#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "labels.hpp"
#include "sample_records.hpp"
#include "tasks/container_config.hpp"
#include "tasks/task_plan.hpp"

namespace minecs::reconcile {
namespace {

store::task_record ec2_task() {
  auto t = minecs::test_support::sample_task();
  t.launch_type = launch_type::ec2;
  t.overrides = {{"containerOverrides", json::array()}};
  return t;
}

placement bridge_placement() {
  placement p;
  p.image = "busybox:latest";
  p.network_mode = "bridge";
  p.region = "us-east-1";
  p.host_cpus = 2;
  return p;
}

json definition(json container) {
  container["name"] = "app";
  if (!container.contains("image")) {
    container["image"] = "busybox";
  }
  return {{"family", "web"}, {"containerDefinitions", json::array({container})}};
}

TEST(ContainerConfig, MapsTheBasicFields) {
  auto td = definition({{"command", {"sh", "-c", "echo hi"}},
                        {"entryPoint", {"/bin/env"}},
                        {"environment", {{{"name", "A"}, {"value", "1"}}}},
                        {"workingDirectory", "/tmp"},
                        {"user", "nobody"},
                        {"hostname", "box"},
                        {"cpu", 0},
                        {"memory", 64},
                        {"memoryReservation", 32},
                        {"readonlyRootFilesystem", true},
                        {"privileged", true},
                        {"dockerLabels", {{"team", "x"}}},
                        {"stopTimeout", 7}});
  auto c = container_create_config(ec2_task(), td, "app", bridge_placement());
  EXPECT_EQ(c["Image"], "busybox:latest");
  EXPECT_EQ(c["Cmd"], json({"sh", "-c", "echo hi"}));
  EXPECT_EQ(c["Entrypoint"], json({"/bin/env"}));
  EXPECT_THAT(c["Env"].get<std::vector<std::string>>(), ::testing::Contains("A=1"));
  EXPECT_THAT(c["Env"].get<std::vector<std::string>>(),
              ::testing::Contains("AWS_EXECUTION_ENV=AWS_ECS_EC2"));
  EXPECT_EQ(c["WorkingDir"], "/tmp");
  EXPECT_EQ(c["User"], "nobody");
  EXPECT_EQ(c["Hostname"], "box");
  EXPECT_EQ(c["StopTimeout"], 7);
  EXPECT_EQ(c["Labels"]["team"], "x");
  const auto& h = c["HostConfig"];
  EXPECT_EQ(h["NetworkMode"], "bridge");
  EXPECT_EQ(h["CpuShares"], 2);  // cpu 0 → the minimum, as the agent does
  EXPECT_EQ(h["Memory"], 64 * 1024 * 1024);
  EXPECT_EQ(h["MemoryReservation"], 32 * 1024 * 1024);
  EXPECT_EQ(h["ReadonlyRootfs"], true);
  EXPECT_EQ(h["Privileged"], true);
}

TEST(ContainerConfig, OverridesWinOverTheDefinition) {
  auto td = definition(
      {{"command", {"a"}}, {"environment", {{{"name", "CODE"}, {"value", "1"}}}}, {"cpu", 128}});
  auto t = ec2_task();
  t.overrides["containerOverrides"] =
      json::array({{{"name", "app"},
                    {"command", {"b"}},
                    {"environment", {{{"name", "CODE"}, {"value", "7"}}}},
                    {"cpu", 256},
                    {"memory", 100}}});
  auto c = container_create_config(t, td, "app", bridge_placement());
  EXPECT_EQ(c["Cmd"], json({"b"}));
  auto env = c["Env"].get<std::vector<std::string>>();
  EXPECT_THAT(env, ::testing::Contains("CODE=7"));
  EXPECT_THAT(env, ::testing::Not(::testing::Contains("CODE=1")));
  EXPECT_EQ(c["HostConfig"]["CpuShares"], 256);
  EXPECT_EQ(c["HostConfig"]["Memory"], 100 * 1024 * 1024);
}

TEST(ContainerConfig, TaskLevelLimitsApplyWhenContainersHaveNone) {
  auto t = ec2_task();
  t.cpu = "4096";
  t.memory = "512";
  auto c = container_create_config(t, definition(json::object()), "app", bridge_placement());
  EXPECT_EQ(c["HostConfig"]["Memory"], 512 * 1024 * 1024);
  // 4 vCPU asked, 2 on the host: Docker refuses more NanoCpus than the host has.
  EXPECT_EQ(c["HostConfig"]["NanoCpus"], 2000000000LL);
}

TEST(ContainerConfig, HealthCheckSecondsBecomeNanoseconds) {
  auto td = definition({{"healthCheck",
                         {{"command", {"CMD-SHELL", "true"}},
                          {"interval", 5},
                          {"timeout", 2},
                          {"retries", 1},
                          {"startPeriod", 10}}}});
  auto c = container_create_config(ec2_task(), td, "app", bridge_placement());
  EXPECT_EQ(c["Healthcheck"]["Test"], json({"CMD-SHELL", "true"}));
  EXPECT_EQ(c["Healthcheck"]["Interval"], 5000000000LL);
  EXPECT_EQ(c["Healthcheck"]["Timeout"], 2000000000LL);
  EXPECT_EQ(c["Healthcheck"]["Retries"], 1);
  EXPECT_EQ(c["Healthcheck"]["StartPeriod"], 10000000000LL);
}

TEST(ContainerConfig, LinuxParametersUlimitsDnsHosts) {
  auto td =
      definition({{"linuxParameters",
                   {{"initProcessEnabled", true},
                    {"capabilities", {{"add", {"NET_ADMIN"}}, {"drop", {"MKNOD"}}}},
                    {"tmpfs", {{{"containerPath", "/scratch"}, {"size", 64}}}},
                    {"sharedMemorySize", 128}}},
                  {"ulimits", {{{"name", "nofile"}, {"softLimit", 1024}, {"hardLimit", 2048}}}},
                  {"extraHosts", {{{"hostname", "db"}, {"ipAddress", "10.0.0.5"}}}},
                  {"dnsServers", {"1.1.1.1"}},
                  {"dnsSearchDomains", {"corp"}}});
  auto h = container_create_config(ec2_task(), td, "app", bridge_placement())["HostConfig"];
  EXPECT_EQ(h["Init"], true);
  EXPECT_EQ(h["CapAdd"], json({"NET_ADMIN"}));
  EXPECT_EQ(h["CapDrop"], json({"MKNOD"}));
  EXPECT_EQ(h["Tmpfs"]["/scratch"], "size=64m");
  EXPECT_EQ(h["ShmSize"], 128LL * 1024 * 1024);
  EXPECT_EQ(h["Ulimits"][0], json({{"Name", "nofile"}, {"Soft", 1024}, {"Hard", 2048}}));
  EXPECT_EQ(h["ExtraHosts"], json({"db:10.0.0.5"}));
  EXPECT_EQ(h["Dns"], json({"1.1.1.1"}));
  EXPECT_EQ(h["DnsSearch"], json({"corp"}));
}

TEST(ContainerConfig, AwsvpcJoinsTheHolderAndLeavesNamespaceSettingsToIt) {
  auto td = definition({{"hostname", "box"},
                        {"dnsServers", {"1.1.1.1"}},
                        {"portMappings", {{{"containerPort", 80}}}}});
  auto p = bridge_placement();
  p.network_mode = "container:holder123";
  auto c = container_create_config(ec2_task(), td, "app", p);
  EXPECT_EQ(c["HostConfig"]["NetworkMode"], "container:holder123");
  EXPECT_FALSE(c.contains("Hostname"));
  EXPECT_FALSE(c["HostConfig"].contains("Dns"));
  EXPECT_FALSE(c["HostConfig"].contains("PortBindings"));
  auto holder = holder_create_config(td, "minecs/holder:latest", "net1", {{"k", "v"}});
  EXPECT_EQ(holder["HostConfig"]["NetworkMode"], "net1");
  EXPECT_EQ(holder["HostConfig"]["Dns"], json({"1.1.1.1"}));
  EXPECT_EQ(holder["Labels"]["k"], "v");
}

TEST(ContainerConfig, TheTaskDnsUnlessTheDefinitionNamesServers) {
  auto plain = definition({{"portMappings", {{{"containerPort", 80}}}}});
  auto p = bridge_placement();
  p.dns_servers = {"10.224.0.1"};
  EXPECT_EQ(container_create_config(ec2_task(), plain, "app", p)["HostConfig"]["Dns"],
            json({"10.224.0.1"}));
  auto own = definition({{"dnsServers", {"1.1.1.1"}}});
  EXPECT_EQ(container_create_config(ec2_task(), own, "app", p)["HostConfig"]["Dns"],
            json({"1.1.1.1"}));
  // In awsvpc mode the holder owns the namespace and so its resolv.conf.
  p.network_mode = "container:holder123";
  EXPECT_FALSE(container_create_config(ec2_task(), plain, "app", p)["HostConfig"].contains("Dns"));
  auto holder = holder_create_config(plain, "minecs/holder:latest", "net1", {}, {}, {"10.224.0.1"});
  EXPECT_EQ(holder["HostConfig"]["Dns"], json({"10.224.0.1"}));
  holder = holder_create_config(own, "minecs/holder:latest", "net1", {}, {}, {"10.224.0.1"});
  EXPECT_EQ(holder["HostConfig"]["Dns"], json({"1.1.1.1"}));
  EXPECT_FALSE(
      holder_create_config(plain, "minecs/holder:latest", "net1", {})["HostConfig"].contains(
          "Dns"));
}

TEST(ContainerConfig, BridgePortMappingsAndLinks) {
  json td = {{"containerDefinitions",
              {{{"name", "app"},
                {"image", "x"},
                {"links", {"db:database"}},
                {"portMappings",
                 {{{"containerPort", 8080}, {"hostPort", 0}},
                  {{"containerPort", 53}, {"hostPort", 5353}, {"protocol", "udp"}}}}},
               {{"name", "db"}, {"image", "x"}}}}};
  auto p = bridge_placement();
  p.docker_names = {{"db", "ecs-web-3-db-1234"}};
  auto c = container_create_config(ec2_task(), td, "app", p);
  EXPECT_EQ(c["HostConfig"]["Links"], json({"ecs-web-3-db-1234:database"}));
  EXPECT_EQ(c["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostPort"], "");
  EXPECT_EQ(c["HostConfig"]["PortBindings"]["53/udp"][0]["HostPort"], "5353");
  EXPECT_TRUE(c["ExposedPorts"].contains("8080/tcp"));
  EXPECT_EQ(creation_order(td), (std::vector<std::string>{"db", "app"}));
}

TEST(ContainerConfig, VolumesMountPointsAndVolumesFrom) {
  auto td = json::parse(R"({
    "volumes": [
      {"name": "hostdir", "host": {"sourcePath": "/srv/data"}},
      {"name": "scratch"},
      {"name": "cache", "dockerVolumeConfiguration": {"scope": "shared", "autoprovision": true}}
    ],
    "containerDefinitions": [
      {"name": "app", "image": "x",
       "mountPoints": [
         {"sourceVolume": "hostdir", "containerPath": "/data", "readOnly": true},
         {"sourceVolume": "scratch", "containerPath": "/scratch"},
         {"sourceVolume": "cache", "containerPath": "/cache"}],
       "volumesFrom": [{"sourceContainer": "side", "readOnly": true}]},
      {"name": "side", "image": "x"}
    ]})");
  auto t = ec2_task();
  auto plan = plan_volumes(t, td);
  EXPECT_EQ(plan.task_volumes, std::vector<std::string>{"ecs-web-3-scratch-abc"});
  EXPECT_EQ(plan.shared_volumes, std::vector<std::string>{"cache"});
  auto p = bridge_placement();
  p.volume_sources = plan.sources;
  p.docker_names = {{"side", "ecs-web-3-side-1"}};
  auto h = container_create_config(t, td, "app", p)["HostConfig"];
  EXPECT_EQ(h["Binds"],
            json({"/srv/data:/data:ro", "ecs-web-3-scratch-abc:/scratch", "cache:/cache"}));
  EXPECT_EQ(h["VolumesFrom"], json({"ecs-web-3-side-1:ro"}));
}

TEST(ContainerConfig, AwslogsBecomesJsonFileOtherDriversPassThrough) {
  auto td = definition(
      {{"logConfiguration", {{"logDriver", "awslogs"}, {"options", {{"awslogs-group", "/g"}}}}}});
  auto c = container_create_config(ec2_task(), td, "app", bridge_placement());
  EXPECT_EQ(c["HostConfig"]["LogConfig"]["Type"], "json-file");
  td = definition({{"logConfiguration", {{"logDriver", "syslog"}, {"options", {{"tag", "x"}}}}}});
  c = container_create_config(ec2_task(), td, "app", bridge_placement());
  EXPECT_EQ(c["HostConfig"]["LogConfig"], json({{"Type", "syslog"}, {"Config", {{"tag", "x"}}}}));
}

TEST(ContainerConfig, SecretsAndEnvironmentFilesAreNoLongerRefused) {
  EXPECT_FALSE(unsupported_reason(definition(json::object()), json::object()));
  EXPECT_FALSE(unsupported_reason(
      definition({{"secrets", {{{"name", "A"}, {"valueFrom", "arn:x"}}}}}), json::object()));
  EXPECT_FALSE(unsupported_reason(
      definition(json::object()),
      {{"containerOverrides",
        {{{"name", "app"}, {"environmentFiles", {{{"type", "s3"}, {"value", "x"}}}}}}}}));
  EXPECT_TRUE(unsupported_reason(
      {{"containerDefinitions", json::array()},
       {"volumes", {{{"name", "v"}, {"efsVolumeConfiguration", {{"fileSystemId", "fs-1"}}}}}}},
      json::object()));
}

TEST(ContainerConfig, ResolvedSecretsReachTheEnvironmentInPrecedenceOrder) {
  auto td = definition({{"environment",
                         {{{"name", "SHARED"}, {"value", "from-environment"}},
                          {{"name", "BOTH"}, {"value", "from-environment"}}}}});
  auto where = bridge_placement();
  where.secrets.file_env = {{"SHARED", "from-file"}, {"ONLY_FILE", "f"}, {"BOTH", "from-file"}};
  where.secrets.secret_env = {{"BOTH", "from-secret"}, {"PASSWORD", "s3cr3t"}};
  auto env =
      container_create_config(ec2_task(), td, "app", where)["Env"].get<std::vector<std::string>>();
  EXPECT_THAT(env, ::testing::Contains("SHARED=from-environment"));
  EXPECT_THAT(env, ::testing::Contains("ONLY_FILE=f"));
  EXPECT_THAT(env, ::testing::Contains("BOTH=from-secret"));
  EXPECT_THAT(env, ::testing::Contains("PASSWORD=s3cr3t"));
  EXPECT_THAT(env, ::testing::Not(::testing::Contains("SHARED=from-file")));
}

TEST(ContainerConfig, SecretOptionsBecomeLogDriverOptions) {
  auto td =
      definition({{"logConfiguration", {{"logDriver", "syslog"}, {"options", {{"tag", "x"}}}}}});
  auto where = bridge_placement();
  where.secrets.log_options = {{"syslog-address", "udp://10.0.0.1:514"}};
  auto c = container_create_config(ec2_task(), td, "app", where);
  EXPECT_EQ(c["HostConfig"]["LogConfig"],
            json({{"Type", "syslog"},
                  {"Config", {{"tag", "x"}, {"syslog-address", "udp://10.0.0.1:514"}}}}));
}

TEST(Labels, OwnershipAndNames) {
  auto t = ec2_task();
  auto labels = task_labels(t, "app", {"inst1", "/data/one", "mnt:[1]"});
  EXPECT_EQ(labels.at("minecs.instance"), "inst1");
  EXPECT_EQ(labels.at("minecs.data-dir"), "/data/one");
  EXPECT_EQ(labels.at("minecs.mount-ns"), "mnt:[1]");
  EXPECT_FALSE(task_labels(t, "app", {"inst1", "", ""}).contains("minecs.data-dir"));
  EXPECT_EQ(labels.at("com.amazonaws.ecs.task-arn"), t.arn);
  EXPECT_EQ(labels.at("com.amazonaws.ecs.container-name"), "app");
  EXPECT_EQ(labels.at("com.amazonaws.ecs.task-definition-family"), "web");
  EXPECT_EQ(labels.at("com.amazonaws.ecs.task-definition-version"), "3");
  EXPECT_TRUE(owned_by({{"minecs.instance", "inst1"}}, "inst1"));
  EXPECT_FALSE(owned_by({{"minecs.instance", "other"}}, "inst1"));
  EXPECT_FALSE(owned_by(json::object(), "inst1"));
  EXPECT_EQ(task_arn_of({{"com.amazonaws.ecs.task-arn", "arn:x"}}), "arn:x");
  random_ids ids(7);
  auto name = docker_container_name(t, "~internal~ecs~pause", ids);
  EXPECT_TRUE(name.starts_with("ecs-web-3-internalecspause-")) << name;
  EXPECT_EQ(name.size(), std::string("ecs-web-3-internalecspause-").size() + 20);
}

TEST(ContainerConfig, ClusterNetworkKeepsLinksAndAliasesOnTheEndpoint) {
  json td = {{"containerDefinitions",
              {{{"name", "app"},
                {"image", "x"},
                {"links", {"db:database"}},
                {"portMappings", {{{"containerPort", 8080}}}}},
               {{"name", "db"}, {"image", "x"}}}}};
  auto p = bridge_placement();
  p.network_mode = "minecs-net";
  p.docker_names = {{"db", "ecs-web-3-db-1234"}};
  p.aliases = {"frontend"};
  auto c = container_create_config(ec2_task(), td, "app", p);
  EXPECT_EQ(c["HostConfig"]["NetworkMode"], "minecs-net");
  EXPECT_FALSE(c["HostConfig"].contains("Links"));
  auto endpoint = c["NetworkingConfig"]["EndpointsConfig"]["minecs-net"];
  EXPECT_EQ(endpoint["Links"], json({"ecs-web-3-db-1234:database"}));
  EXPECT_EQ(endpoint["Aliases"], json({"frontend"}));
  EXPECT_EQ(c["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostPort"], "");
}

TEST(ContainerConfig, AgentVariablesComeBeforeTheDefinitionsOwn) {
  auto td = definition(
      {{"environment", {{{"name", "ECS_CONTAINER_METADATA_URI_V4"}, {"value", "mine"}}}}});
  auto p = bridge_placement();
  p.agent_env = {{"ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/t"},
                 {"ECS_CONTAINER_METADATA_URI", "http://169.254.170.2/v3/t"}};
  auto env =
      container_create_config(ec2_task(), td, "app", p)["Env"].get<std::vector<std::string>>();
  EXPECT_THAT(env, ::testing::Contains("ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/t"));
  EXPECT_THAT(env, ::testing::Contains("ECS_CONTAINER_METADATA_URI_V4=mine"));
}

TEST(ContainerConfig, ServiceAliasGoesToTheContainersThatMapPorts) {
  json td = {{"containerDefinitions",
              {{{"name", "sidecar"}, {"image", "x"}},
               {{"name", "web"}, {"image", "x"}, {"portMappings", {{{"containerPort", 80}}}}}}}};
  auto t = ec2_task();
  EXPECT_TRUE(service_aliases(t, td, "web").empty());  // a standalone task
  t.service_name = "frontend";
  EXPECT_EQ(service_aliases(t, td, "web"), std::vector<std::string>{"frontend"});
  EXPECT_TRUE(service_aliases(t, td, "sidecar").empty());
  json no_ports = {{"containerDefinitions",
                    {{{"name", "helper"}, {"image", "x"}, {"essential", false}},
                     {{"name", "main"}, {"image", "x"}}}}};
  EXPECT_EQ(service_aliases(t, no_ports, "main"), std::vector<std::string>{"frontend"});
  EXPECT_TRUE(service_aliases(t, no_ports, "helper").empty());
}

TEST(ContainerConfig, HolderCarriesTheServiceAlias) {
  auto holder =
      holder_create_config(definition(json::object()), "h:latest", "net1", {}, {"frontend"});
  EXPECT_EQ(holder["NetworkingConfig"]["EndpointsConfig"]["net1"]["Aliases"], json({"frontend"}));
  EXPECT_FALSE(holder_create_config(definition(json::object()), "h:latest", "net1", {})
                   .contains("NetworkingConfig"));
}

}  // namespace
}  // namespace minecs::reconcile
