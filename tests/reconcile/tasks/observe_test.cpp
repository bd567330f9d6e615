#include <gtest/gtest.h>

#include "docker_events.hpp"
#include "tasks/images.hpp"
#include "tasks/observe.hpp"

namespace minecs::reconcile {
namespace {

json running_inspect() {
  return {{"State",
           {{"Running", true},
            {"StartedAt", "2024-01-01T00:00:00Z"},
            {"Health", {{"Status", "healthy"}}}}},
          {"Config", {{"StopSignal", "SIGQUIT"}}},
          {"NetworkSettings",
           {{"Ports",
             {{"8080/tcp", {{{"HostIp", "0.0.0.0"}, {"HostPort", "32768"}}}},
              {"9090/tcp", nullptr}}}}}};
}

TEST(Observe, RunningContainerWithHealthAndBindings) {
  auto o = observe_container(running_inspect());
  EXPECT_TRUE(o.running && o.started && !o.exited);
  EXPECT_EQ(o.health, health_status::healthy);
  EXPECT_EQ(o.stop_signal, "SIGQUIT");
  ASSERT_EQ(o.network_bindings.size(), 1u);
  EXPECT_EQ(o.network_bindings[0], json({{"bindIP", "0.0.0.0"},
                                         {"containerPort", 8080},
                                         {"hostPort", 32768},
                                         {"protocol", "tcp"}}));
  store::container_record c;
  EXPECT_TRUE(apply_observation(c, o));
  EXPECT_EQ(c.last_status, container_status::running);
  EXPECT_EQ(c.health_status, health_status::healthy);
  EXPECT_FALSE(apply_observation(c, o));
}

TEST(Observe, ExitedCreatedAndVanished) {
  json exited = {{"State",
                  {{"Running", false},
                   {"ExitCode", 3},
                   {"StartedAt", "2024-01-01T00:00:00Z"},
                   {"OOMKilled", true}}}};
  auto o = observe_container(exited);
  EXPECT_TRUE(o.exited);
  EXPECT_EQ(o.exit_code, 3);
  store::container_record c;
  apply_observation(c, o);
  EXPECT_EQ(c.last_status, container_status::stopped);
  EXPECT_EQ(c.exit_code, 3);
  EXPECT_TRUE(c.reason.starts_with("OutOfMemoryError"));

  json created = {
      {"State", {{"Running", false}, {"ExitCode", 0}, {"StartedAt", "0001-01-01T00:00:00Z"}}}};
  auto never = observe_container(created);
  EXPECT_FALSE(never.started || never.exited);
  EXPECT_FALSE(never.exit_code);

  store::container_record gone;
  gone.last_status = container_status::running;
  apply_observation(gone, vanished_container());
  EXPECT_EQ(gone.last_status, container_status::stopped);
  EXPECT_TRUE(gone.exit_code.is_null());
}

TEST(Observe, DependencyConditions) {
  container_observation running;
  running.exists = running.running = running.started = true;
  container_observation ok;
  ok.exists = ok.started = ok.exited = true;
  ok.exit_code = 0;
  container_observation failed = ok;
  failed.exit_code = 1;
  container_observation created;
  created.exists = true;
  EXPECT_EQ(dependency_state("START", running), dependency::met);
  EXPECT_EQ(dependency_state("START", created), dependency::waiting);
  EXPECT_EQ(dependency_state("COMPLETE", running), dependency::waiting);
  EXPECT_EQ(dependency_state("COMPLETE", failed), dependency::met);
  EXPECT_EQ(dependency_state("SUCCESS", ok), dependency::met);
  EXPECT_EQ(dependency_state("SUCCESS", failed), dependency::impossible);
  EXPECT_EQ(dependency_state("HEALTHY", running), dependency::waiting);
  running.health = health_status::healthy;
  EXPECT_EQ(dependency_state("HEALTHY", running), dependency::met);
  EXPECT_EQ(dependency_state("HEALTHY", failed), dependency::impossible);
}

TEST(Observe, TaskHealth) {
  json td = {{"containerDefinitions",
              {{{"name", "a"}, {"healthCheck", {{"command", {"CMD", "true"}}}}}, {{"name", "b"}}}}};
  store::task_record t;
  t.containers.resize(2);
  t.containers[0].name = "a";
  t.containers[1].name = "b";
  EXPECT_EQ(task_health(t, td), health_status::unknown);
  t.containers[0].health_status = health_status::healthy;
  EXPECT_EQ(task_health(t, td), health_status::healthy);
  t.containers[1].health_status = health_status::unhealthy;
  EXPECT_EQ(task_health(t, td), health_status::unhealthy);
  t.containers[1].essential = false;
  EXPECT_EQ(task_health(t, td), health_status::healthy);
}

TEST(Observe, EniFromTheHolder) {
  json inspect = {
      {"NetworkSettings",
       {{"Networks",
         {{"net1", {{"IPAddress", "172.18.0.5"}, {"MacAddress", "02:42:ac:12:00:05"}}}}}}}};
  auto addr = holder_address(inspect, "net1");
  EXPECT_EQ(addr.ipv4, "172.18.0.5");
  store::task_record t;
  store::eni_attachment eni;
  eni.id = "att-1";
  eni.status = "PRECREATED";
  eni.subnet_id = "subnet-1";
  t.attachments.push_back(eni);
  t.containers.resize(1);
  attach_eni(t, addr, "eni-0123456789abcdef0");
  const auto& a = t.attachments[0];
  EXPECT_EQ(a.status, "ATTACHED");
  EXPECT_EQ(a.subnet_id, "subnet-1");
  EXPECT_EQ(a.interface_id, "eni-0123456789abcdef0");
  EXPECT_EQ(a.private_ipv4, "172.18.0.5");
  EXPECT_EQ(a.private_dns_name, "ip-172-18-0-5.ec2.internal");
  EXPECT_EQ(a.mac_address, "02:42:ac:12:00:05");
  EXPECT_EQ(t.containers[0].network_interfaces,
            json::array({{{"attachmentId", "att-1"}, {"privateIpv4Address", "172.18.0.5"}}}));
}

TEST(Observe, EniNamesFollowTheRegion) {
  store::task_record t;
  t.attachments.resize(1);
  t.region = "eu-west-1";
  attach_eni(t, {"10.0.1.7", "02:42:0a:00:01:07"}, "eni-1");
  EXPECT_EQ(t.attachments[0].private_dns_name, "ip-10-0-1-7.eu-west-1.compute.internal");
  t.region = "us-east-1";
  attach_eni(t, {"10.0.1.7", "02:42:0a:00:01:07"}, "eni-1");
  EXPECT_EQ(t.attachments[0].private_dns_name, "ip-10-0-1-7.ec2.internal");
}

TEST(Images, EcrUrisFallBackToLocalNames) {
  EXPECT_EQ(ecr_local_name("000000000000.dkr.ecr.us-east-1.amazonaws.com/demo:latest"),
            "demo:latest");
  EXPECT_EQ(ecr_local_name("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1"),
            "team/app:v1");
  EXPECT_FALSE(ecr_local_name("busybox:latest"));
  EXPECT_FALSE(ecr_local_name("ghcr.io/x/y:1"));
  EXPECT_EQ(image_digest({{"Id", "sha256:aaa"}, {"RepoDigests", json::array()}}), "sha256:aaa");
  EXPECT_EQ(image_digest({{"Id", "sha256:aaa"}, {"RepoDigests", {"busybox@sha256:bbb"}}}),
            "sha256:bbb");
}

TEST(Events, OnlyTaskChangingContainerEventsCount) {
  json die = {{"Type", "container"},
              {"Action", "die"},
              {"Actor", {{"Attributes", {{"com.amazonaws.ecs.task-arn", "arn:t"}}}}}};
  EXPECT_EQ(task_of_event(die), "arn:t");
  die["Action"] = "health_status: healthy";
  EXPECT_EQ(task_of_event(die), "arn:t");
  die["Action"] = "create";
  EXPECT_EQ(task_of_event(die), "");
  die["Action"] = "die";
  die["Type"] = "network";
  EXPECT_EQ(task_of_event(die), "");
}

}  // namespace
}  // namespace minecs::reconcile
