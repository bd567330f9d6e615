#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace minecs {

struct config {
  std::string host = "127.0.0.1";
  int port = 4566;
  std::string data_dir = ".minecs-data";
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::string log_level = "info";
  std::string docker_host = "unix:///var/run/docker.sock";
  // How long STOPPED tasks stay describable before they and their containers are removed.
  int stopped_task_retention_seconds = 3600;
  // Keep the containers of stopped tasks (for debugging) instead of removing them with the task.
  bool keep_stopped_containers = false;
  // Seconds between full resyncs of store and Docker; events do the rest.
  int resync_seconds = 30;
  // Run without a Docker Engine: tasks stay PENDING; for API-only use and the benchmarks.
  bool no_docker = false;
  // awsvpc tasks' subnet and security group ids that EC2 does not know: rejected as AWS does,
  // instead of made part of the default VPC.
  bool strict_networking = false;
  // AssumeRole of a role that IAM does not have is refused (AccessDenied), as on AWS, instead of
  // accepted as if the role existed.
  bool strict_iam = false;
  // Security groups' ingress rules filter traffic between awsvpc tasks, as on AWS.
  bool enforce_security_groups = false;
  // The per-task network namespace holder binary; empty means minecs-holder next to the running
  // executable.
  std::string holder_binary;
  // How long a task that cannot start because the Docker Engine is unreachable waits before it
  // stops with TaskFailedToStart.
  int docker_unavailable_timeout_seconds = 300;
  // Threads that make blocking Docker calls, so that tasks start in parallel.
  int reconcile_workers = 8;
  // --lb-port-base was the first port of minecs's own service balancer, which ELBv2 load balancers
  // replaced: still accepted so that old command lines start, and said to be ignored.
  bool lb_port_base_given = false;
  // The service scheduler's task launch throttling: after n tasks in a row failed, the next
  // launch waits min(max, base * 2^(n-1)) seconds.
  int service_backoff_base_seconds = 1;
  // Application Auto Scaling: one metric datapoint per window; target tracking's AlarmHigh fires
  // after this many datapoints above the target, AlarmLow after that many below 90 % of it.
  int scaling_window_seconds = 60;
  int scaling_out_periods = 3;
  int scaling_in_periods = 15;
  int service_backoff_max_seconds = 30;
  // The agent listener (task metadata, role credentials) on 127.0.0.1, which containers reach
  // as 169.254.170.2:80; 0 for any free port.
  int agent_port = 0;
  // Where task role credentials come from: "env" (minecs's own AWS_ACCESS_KEY_ID,
  // AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; "test"/"test" when unset) or
  // "static:ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]".
  std::string task_credentials = "sts";
  // Local stand-ins for SSM Parameter Store / Secrets Manager (a JSON object file) and for S3 (a
  // directory of bucket/key files), read when a task starts; empty: not configured.
  std::string secrets_file;
  std::string s3_dir;
  // ECR's registry: the proxy's port on `host` (repositoryUri's host; 0 for any free port), and
  // either the registry program minecs runs behind it or the http:// URL of one the user runs.
  int ecr_port = 0;
  std::string ecr_registry;
  std::string registry_binary = "/usr/bin/docker-registry";
  // Where cluster networks' subnets come from (minecs's own pool, not Docker's default pools):
  // the first /network_prefix of network_pool that no Docker network or host route overlaps.
  std::string network_pool = "10.224.0.0/12";
  int network_prefix = 22;
  // On SIGTERM or SIGINT, remove everything the instance created in Docker and iptables, and the
  // data directory's own files (the directory too when that leaves it empty): for CI and tests.
  bool ephemeral = false;
  // minecs's DNS responder, on the gateway of each Docker network minecs creates (UDP port 53):
  // task containers use it, so that names minecs owns (the ENIs' ip-A-B-C-D.ec2.internal) resolve
  // in them, and it asks `dns_upstream` everything else.
  bool dns = true;
  // Comma-separated ADDRESS, IPV4:PORT or [IPV6]:PORT; empty: the nameservers of /etc/resolv.conf.
  std::string dns_upstream;
  int dns_ttl = 5;
  // What a name in a zone minecs owns (ec2.internal, compute.internal) that nobody has gets:
  // "nxdomain", or "forward" to ask the upstream resolvers (for a host on EC2, whose resolver
  // knows the other instances of its VPC).
  std::string dns_unknown_names = "nxdomain";
};

// The keys of a "static:ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]" credentials source;
// nullopt unless the text has that form with no empty part.
struct static_credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};
std::optional<static_credentials> parse_static_credentials(const std::string& text);

// Each option is a flag and an environment variable (MINECS_<NAME>); the flag wins.
struct config_result {
  config cfg;
  bool show_help = false;
  bool list_operations = false;
  bool show_version = false;
  std::optional<std::string> error;
};
config_result parse_config(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env = {});
std::string config_help();

}  // namespace minecs
