#include "minecs/core/config.hpp"

#include <algorithm>
#include <charconv>
#include <functional>

#include "minecs/core/ipv4.hpp"

namespace minecs {

namespace {

struct option {
  const char* flag;
  const char* env;
  const char* help;
  std::function<bool(config&, const std::string&)> set;
  // A boolean flag: alone it means true; a value may still follow (--flag false, --flag=false).
  bool is_switch = false;
};

bool to_int(const std::string& s, int& out, int lo, int hi) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi) {
    return false;
  }
  out = v;
  return true;
}

bool to_bool(const std::string& s, bool& out) {
  if (s == "1" || s == "true" || s == "yes" || s == "on") {
    out = true;
  } else if (s == "0" || s == "false" || s == "no" || s == "off") {
    out = false;
  } else {
    return false;
  }
  return true;
}

const std::vector<option>& options() {
  static const std::vector<option> all = {
      {"--host", "MINECS_HOST", "address to listen on (default 127.0.0.1)",
       [](config& c, const std::string& v) { return !(c.host = v).empty(); }},
      {"--port", "MINECS_PORT", "port to listen on, 0 for any free port (default 4566)",
       [](config& c, const std::string& v) { return to_int(v, c.port, 0, 65535); }},
      {"--data-dir", "MINECS_DATA_DIR", "directory for the state database (default .minecs-data)",
       [](config& c, const std::string& v) { return !(c.data_dir = v).empty(); }},
      {"--region", "MINECS_REGION", "region when a request names none (default us-east-1)",
       [](config& c, const std::string& v) { return !(c.region = v).empty(); }},
      {"--account-id", "MINECS_ACCOUNT_ID", "12-digit account id in ARNs (default 000000000000)",
       [](config& c, const std::string& v) {
         c.account_id = v;
         return v.size() == 12 && v.find_first_not_of("0123456789") == std::string::npos;
       }},
      {"--log-level", "MINECS_LOG_LEVEL", "trace, debug, info, warn, error, off (default info)",
       [](config& c, const std::string& v) {
         c.log_level = v;
         return v == "trace" || v == "debug" || v == "info" || v == "warn" || v == "error" ||
                v == "off";
       }},
      {"--docker-host", "DOCKER_HOST", "Docker Engine endpoint, unix:///path or tcp://host:port",
       [](config& c, const std::string& v) {
         c.docker_host = v;
         return v.starts_with("unix://") || v.starts_with("tcp://");
       }},
      {"--stopped-task-retention", "MINECS_STOPPED_TASK_RETENTION",
       "seconds a STOPPED task stays describable (default 3600)",
       [](config& c, const std::string& v) {
         return to_int(v, c.stopped_task_retention_seconds, 0, 1 << 30);
       }},
      {"--keep-stopped-containers", "MINECS_KEEP_STOPPED_CONTAINERS",
       "keep containers of removed stopped tasks, for debugging (default false)",
       [](config& c, const std::string& v) { return to_bool(v, c.keep_stopped_containers); }, true},
      {"--resync-seconds", "MINECS_RESYNC_SECONDS",
       "seconds between full store/Docker resyncs (default 30)",
       [](config& c, const std::string& v) { return to_int(v, c.resync_seconds, 1, 86400); }},
      {"--no-docker", "MINECS_NO_DOCKER",
       "run without a Docker Engine: the API only, tasks never start (default false)",
       [](config& c, const std::string& v) { return to_bool(v, c.no_docker); }, true},
      {"--strict-networking", "MINECS_STRICT_NETWORKING",
       "reject awsvpc subnet and security group ids that EC2 does not know, as AWS does, "
       "instead of adopting them into the default VPC (default false)",
       [](config& c, const std::string& v) { return to_bool(v, c.strict_networking); }, true},
      {"--strict-iam", "MINECS_STRICT_IAM",
       "refuse AssumeRole of a role that IAM does not have (AccessDenied), and RunTask/StartTask "
       "of a task whose roles IAM lacks (ClientException), as AWS does, instead of accepting "
       "them as if they existed (default false)",
       [](config& c, const std::string& v) { return to_bool(v, c.strict_iam); }, true},
      {"--enforce-security-groups", "MINECS_ENFORCE_SECURITY_GROUPS",
       "drop traffic between awsvpc tasks that their security groups' ingress rules do not let "
       "in, as AWS does (iptables; default false)",
       [](config& c, const std::string& v) { return to_bool(v, c.enforce_security_groups); }, true},
      {"--holder-binary", "MINECS_HOLDER_BINARY",
       "the awsvpc network holder program (default minecs-holder next to minecs)",
       [](config& c, const std::string& v) { return !(c.holder_binary = v).empty(); }},
      {"--docker-unavailable-timeout", "MINECS_DOCKER_UNAVAILABLE_TIMEOUT",
       "seconds a task waits for an unreachable Docker Engine before it fails (default 300)",
       [](config& c, const std::string& v) {
         return to_int(v, c.docker_unavailable_timeout_seconds, 1, 86400);
       }},
      {"--reconcile-workers", "MINECS_RECONCILE_WORKERS",
       "threads making Docker calls for tasks in parallel (default 8)",
       [](config& c, const std::string& v) { return to_int(v, c.reconcile_workers, 1, 64); }},
      {"--lb-port-base", "MINECS_LB_PORT_BASE",
       "ignored: services are reached through their ELBv2 load balancers (README)",
       [](config& c, const std::string& v) {
         int ignored = 0;
         return (c.lb_port_base_given = to_int(v, ignored, 0, 65535));
       }},
      {"--service-backoff-base", "MINECS_SERVICE_BACKOFF_BASE",
       "seconds a service waits to relaunch after a failed task; doubles per failure (default 1)",
       [](config& c, const std::string& v) {
         return to_int(v, c.service_backoff_base_seconds, 0, 3600);
       }},
      {"--service-backoff-max", "MINECS_SERVICE_BACKOFF_MAX",
       "the longest such wait, in seconds (default 30)",
       [](config& c, const std::string& v) {
         return to_int(v, c.service_backoff_max_seconds, 0, 86400);
       }},
      {"--scaling-window-seconds", "MINECS_SCALING_WINDOW_SECONDS",
       "seconds of one scaling metric datapoint: each scaled service's tasks are measured once "
       "per window (default 60, CloudWatch's period for ECS)",
       [](config& c, const std::string& v) {
         return to_int(v, c.scaling_window_seconds, 1, 3600);
       }},
      {"--scaling-out-periods", "MINECS_SCALING_OUT_PERIODS",
       "datapoints above a target tracking policy's target before it scales out (default 3)",
       [](config& c, const std::string& v) { return to_int(v, c.scaling_out_periods, 1, 100); }},
      {"--scaling-in-periods", "MINECS_SCALING_IN_PERIODS",
       "datapoints below 90 % of the target before it scales in (default 15)",
       [](config& c, const std::string& v) { return to_int(v, c.scaling_in_periods, 1, 100); }},
      {"--agent-port", "MINECS_AGENT_PORT",
       "port on 127.0.0.1 for task metadata and credentials, which containers reach as "
       "169.254.170.2:80; 0 for any free port (default 0)",
       [](config& c, const std::string& v) { return to_int(v, c.agent_port, 0, 65535); }},
      {"--task-credentials", "MINECS_TASK_CREDENTIALS",
       "task role credentials: sts (temporary keys of the task's role that minecs's STS "
       "issues for each task), env (minecs's own AWS_* keys, test/test when unset) or "
       "static:KEY_ID:SECRET[:TOKEN] (default sts)",
       [](config& c, const std::string& v) {
         c.task_credentials = v;
         return v == "sts" || v == "env" || parse_static_credentials(v).has_value();
       }},
      {"--secrets-file", "MINECS_SECRETS_FILE",
       "JSON object from SSM parameter / Secrets Manager secret names or ARNs to values, read "
       "when a task with secrets starts (default none)",
       [](config& c, const std::string& v) { return !(c.secrets_file = v).empty(); }},
      {"--s3-dir", "MINECS_S3_DIR",
       "directory standing in for S3: arn:aws:s3:::bucket/key reads DIR/bucket/key, for "
       "environmentFiles (default none)",
       [](config& c, const std::string& v) { return !(c.s3_dir = v).empty(); }},
      {"--ecr-port", "MINECS_ECR_PORT",
       "port of ECR's registry on --host, the host:port of every repositoryUri; 0 for any free "
       "port (default 0)",
       [](config& c, const std::string& v) { return to_int(v, c.ecr_port, 0, 65535); }},
      {"--ecr-registry", "MINECS_ECR_REGISTRY",
       "http://HOST:PORT of a registry (without auth) that ECR's images go to, instead of the "
       "docker-registry that minecs runs (default none)",
       [](config& c, const std::string& v) {
         c.ecr_registry = v;
         return v.starts_with("http://");
       }},
      {"--registry-binary", "MINECS_REGISTRY_BINARY",
       "the registry program minecs runs for ECR: Debian's docker-registry (default "
       "/usr/bin/docker-registry)",
       [](config& c, const std::string& v) { return !(c.registry_binary = v).empty(); }},
      {"--network-pool", "MINECS_NETWORK_POOL",
       "IPv4 range (CIDR) that cluster networks' subnets come from (default 10.224.0.0/12)",
       [](config& c, const std::string& v) {
         c.network_pool = v;
         return parse_ipv4_subnet(v).has_value();
       }},
      {"--network-prefix", "MINECS_NETWORK_PREFIX",
       "prefix length of each cluster network's subnet, at least the pool's (default 22)",
       [](config& c, const std::string& v) { return to_int(v, c.network_prefix, 8, 30); }},
      {"--ephemeral", "MINECS_EPHEMERAL",
       "remove every container, network, volume and iptables rule of this instance, and its data "
       "directory's files, when minecs stops on SIGTERM or SIGINT (default false)",
       [](config& c, const std::string& v) { return to_bool(v, c.ephemeral); }, true},
      {"--dns", "MINECS_DNS",
       "run minecs's DNS responder on each of its Docker networks' gateway (UDP 53) and make it "
       "the task containers' DNS server: ENI names such as ip-10-224-0-5.ec2.internal resolve, "
       "the rest is asked upstream (default true)",
       [](config& c, const std::string& v) { return to_bool(v, c.dns); }, true},
      {"--dns-upstream", "MINECS_DNS_UPSTREAM",
       "comma-separated resolvers the DNS responder asks for names minecs does not own: "
       "ADDRESS, IPV4:PORT or [IPV6]:PORT (default the nameservers of /etc/resolv.conf)",
       [](config& c, const std::string& v) { return !(c.dns_upstream = v).empty(); }},
      {"--dns-ttl", "MINECS_DNS_TTL",
       "seconds the DNS responder's answers may be cached (default 5)",
       [](config& c, const std::string& v) { return to_int(v, c.dns_ttl, 0, 86400); }},
      {"--dns-unknown-names", "MINECS_DNS_UNKNOWN_NAMES",
       "nxdomain or forward: what a name in a zone minecs owns (ec2.internal, compute.internal) "
       "that no task has gets; forward asks the upstream resolvers (default nxdomain)",
       [](config& c, const std::string& v) {
         c.dns_unknown_names = v;
         return v == "nxdomain" || v == "forward";
       }},
  };
  return all;
}

}  // namespace

std::optional<static_credentials> parse_static_credentials(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (auto at = text.find(':'); at != std::string::npos; at = text.find(':', start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  if (parts.size() < 3 || parts.size() > 4 || parts[0] != "static" ||
      std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); })) {
    return std::nullopt;
  }
  return static_credentials{parts[1], parts[2], parts.size() == 4 ? parts[3] : ""};
}

std::string config_help() {
  std::string out =
      "minecs: a local Amazon ECS control plane that runs tasks on Docker\n\n"
      "usage: minecs [options]\n\n"
      "Every option can also be set by its environment variable; the flag wins.\n\n";
  for (const auto& o : options()) {
    out += "  " + std::string(o.flag) + (o.is_switch ? " [true|false]  (" : " VALUE  (") + o.env +
           ")\n      " + o.help + "\n";
  }
  out +=
      "  --list-operations\n      print which API operations are implemented, as a Markdown "
      "table\n";
  out += "  --version\n      print the version\n";
  out += "  --help\n      print this text\n";
  return out;
}

config_result parse_config(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env) {
  config_result r;
  for (const auto& o : options()) {
    auto it = env.find(o.env);
    if (it != env.end() && !it->second.empty() && !o.set(r.cfg, it->second)) {
      r.error = std::string("invalid value for ") + o.env + ": " + it->second;
      return r;
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      r.show_help = true;
      return r;
    }
    if (arg == "--list-operations") {
      r.list_operations = true;
      return r;
    }
    if (arg == "--version") {
      r.show_version = true;
      return r;
    }
    std::string value;
    bool has_value = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    const option* match = nullptr;
    for (const auto& o : options()) {
      if (arg == o.flag) {
        match = &o;
      }
    }
    if (match == nullptr) {
      r.error = "unknown option: " + arg;
      return r;
    }
    bool ignored = false;
    if (!has_value && match->is_switch) {
      // A switch takes the next argument only when it is a boolean word.
      has_value = true;
      value = "true";
      if (i + 1 < args.size() && to_bool(args[i + 1], ignored)) {
        value = args[++i];
      }
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        r.error = "missing value for " + arg;
        return r;
      }
      value = args[++i];
    }
    if (!match->set(r.cfg, value)) {
      r.error = "invalid value for " + arg + ": " + value;
      return r;
    }
  }
  auto pool = parse_ipv4_subnet(r.cfg.network_pool);
  if (pool && r.cfg.network_prefix < pool->prefix) {
    r.error = "--network-prefix " + std::to_string(r.cfg.network_prefix) +
              " is shorter than the prefix of --network-pool " + r.cfg.network_pool;
  }
  return r;
}

}  // namespace minecs
