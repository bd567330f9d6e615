// One container that uses every field minecs maps, and the create body Docker gets for it, to the
// byte: the parts of container_create_config may move, the body may not.
#include <gtest/gtest.h>

#include "sample_records.hpp"
#include "tasks/container_config.hpp"

namespace minecs::reconcile {
namespace {

const char* const every_field = R"({
  "name": "app", "image": "x",
  "command": ["sh", "-c", "echo hi"], "entryPoint": ["/bin/env"],
  "environment": [{"name": "A", "value": "1"}, {"name": "AWS_REGION", "value": "mine"},
                  {"name": "SHARED", "value": "env"}, {"name": "BOTH", "value": "env"}],
  "workingDirectory": "/tmp", "user": "nobody", "hostname": "box",
  "cpu": 0, "memory": 64, "memoryReservation": 32,
  "readonlyRootFilesystem": true, "privileged": true,
  "dockerLabels": {"team": "x", "com.amazonaws.ecs.task-arn": "mine", "z": "1"},
  "stopTimeout": 7,
  "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 5, "timeout": "2",
                  "retries": 1, "startPeriod": 10},
  "linuxParameters": {"initProcessEnabled": true,
    "capabilities": {"add": ["NET_ADMIN"], "drop": ["MKNOD"]},
    "tmpfs": [{"containerPath": "/scratch", "size": 64, "mountOptions": ["noexec", "nosuid"]},
              {"containerPath": "/b"}],
    "sharedMemorySize": "128",
    "devices": [{"hostPath": "/dev/fuse", "permissions": ["read", "write"]},
                {"hostPath": "/dev/x", "containerPath": "/dev/y"}],
    "maxSwap": 256, "swappiness": 10},
  "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": "2048"}, {"name": "core"}],
  "extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.5"}, {"hostname": "e"}],
  "dnsServers": ["1.1.1.1", "8.8.8.8"], "dnsSearchDomains": ["corp"],
  "dockerSecurityOptions": ["no-new-privileges"],
  "systemControls": [{"namespace": "net.core.somaxconn", "value": "1024"}, {"namespace": "k"}],
  "logConfiguration": {"logDriver": "syslog", "options": {"tag": "x", "n": 3, "b": true}},
  "mountPoints": [{"sourceVolume": "hostdir", "containerPath": "/data", "readOnly": true},
                  {"sourceVolume": "scratch", "containerPath": "/scratch"},
                  {"sourceVolume": "missing", "containerPath": "/m"},
                  {"sourceVolume": "cache", "containerPath": "/cache", "readOnly": false}],
  "volumesFrom": [{"sourceContainer": "side", "readOnly": true}, {"sourceContainer": "db"},
                  {"sourceContainer": "nobody"}],
  "links": ["db:database", "side", "ghost:g"],
  "portMappings": [{"containerPort": 8080, "hostPort": 0},
                   {"containerPort": "53", "hostPort": 5353, "protocol": "udp"},
                   {"containerPortRange": "1-2"}, {"containerPort": 9000}]
})";

const char* const its_body = R"({
  "Cmd": ["b"], "Entrypoint": ["/bin/env"],
  "Env": ["AWS_EXECUTION_ENV=AWS_ECS_FARGATE", "AWS_REGION=mine", "AWS_DEFAULT_REGION=us-east-1",
          "ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/t", "A=7", "SHARED=env",
          "ONLY_FILE=f", "BOTH=secret", "NEW=n", "PASSWORD=s3cr3t"],
  "ExposedPorts": {"53/udp": {}, "8080/tcp": {}, "9000/tcp": {}},
  "Healthcheck": {"Interval": 5000000000, "Retries": 1, "StartPeriod": 10000000000,
                  "Test": ["CMD-SHELL", "true"], "Timeout": 2000000000},
  "HostConfig": {
    "Binds": ["/srv/data:/data:ro", "vol-s:/scratch", "cache:/cache"],
    "CapAdd": ["NET_ADMIN"], "CapDrop": ["MKNOD"], "CpuShares": 256,
    "Devices": [
      {"CgroupPermissions": "rw", "PathInContainer": "/dev/fuse", "PathOnHost": "/dev/fuse"},
      {"CgroupPermissions": "rwm", "PathInContainer": "/dev/y", "PathOnHost": "/dev/x"}],
    "Dns": ["1.1.1.1", "8.8.8.8"], "DnsSearch": ["corp"], "ExtraHosts": ["db:10.0.0.5", "e:"],
    "Init": true,
    "LogConfig": {"Config": {"b": "true", "n": "3", "syslog-address": "udp://10.0.0.1:514",
                             "tag": "sec"},
                  "Type": "syslog"},
    "Memory": 104857600, "MemoryReservation": 52428800, "MemorySwap": 268435456,
    "MemorySwappiness": 10, "NetworkMode": "minecs-net",
    "PortBindings": {"53/udp": [{"HostIp": "", "HostPort": "5353"}],
                     "8080/tcp": [{"HostIp": "", "HostPort": ""}],
                     "9000/tcp": [{"HostIp": "", "HostPort": ""}]},
    "Privileged": true, "ReadonlyRootfs": true, "SecurityOpt": ["no-new-privileges"],
    "ShmSize": 134217728, "Sysctls": {"k": "", "net.core.somaxconn": "1024"},
    "Tmpfs": {"/b": "size=0m", "/scratch": "size=64m,noexec,nosuid"},
    "Ulimits": [{"Hard": 2048, "Name": "nofile", "Soft": 1024},
                {"Hard": 0, "Name": "core", "Soft": 0}],
    "VolumesFrom": ["ecs-side-1:ro", "ecs-db-1:rw"]},
  "Hostname": "box", "Image": "busybox:latest",
  "Labels": {"com.amazonaws.ecs.task-arn": "arn:t", "minecs.instance": "i1", "team": "x",
             "z": "1"},
  "NetworkingConfig": {"EndpointsConfig": {"minecs-net": {
    "Aliases": ["frontend", "b"], "Links": ["ecs-db-1:database", "ecs-side-1:side"]}}},
  "StopTimeout": 7, "User": "nobody", "WorkingDir": "/tmp"
})";

TEST(ContainerConfigBody, EveryFieldToTheByte) {
  json td = {
      {"family", "web"},
      {"containerDefinitions", {json::parse(every_field), {{"name", "db"}, {"image", "x"}}}}};
  auto task = minecs::test_support::sample_task();
  task.launch_type = launch_type::fargate;
  task.cpu = "4096";
  task.memory = "512";
  task.overrides = json::parse(R"({"containerOverrides": [{"name": "other", "cpu": 9},
    {"name": "app", "command": ["b"], "environment": [{"name": "A", "value": "7"},
     {"name": "NEW", "value": "n"}], "cpu": 256, "memory": 100, "memoryReservation": 50}]})");
  placement where;
  where.image = "busybox:latest";
  where.network_mode = "minecs-net";
  where.region = "us-east-1";
  where.host_cpus = 2;
  where.aliases = {"frontend", "b"};
  where.agent_env = {{"ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/t"},
                     {"A", "agent"}};
  where.docker_names = {{"db", "ecs-db-1"}, {"side", "ecs-side-1"}};
  where.volume_sources = {{"hostdir", "/srv/data"}, {"scratch", "vol-s"}, {"cache", "cache"}};
  where.labels = {{"com.amazonaws.ecs.task-arn", "arn:t"}, {"minecs.instance", "i1"}};
  where.secrets.file_env = {{"SHARED", "file"}, {"ONLY_FILE", "f"}, {"BOTH", "file"}};
  where.secrets.secret_env = {{"BOTH", "secret"}, {"PASSWORD", "s3cr3t"}};
  where.secrets.log_options = {{"syslog-address", "udp://10.0.0.1:514"}, {"tag", "sec"}};
  // Compared as text: equal JSON values can still be written differently (1 and 1.0).
  EXPECT_EQ(container_create_config(task, td, "app", where).dump(), json::parse(its_body).dump());
}

}  // namespace
}  // namespace minecs::reconcile
