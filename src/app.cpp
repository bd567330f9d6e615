#include "app.hpp"
#include "observability.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <variant>
#include <vector>

#include "minecs/agent/listener.hpp"
#include "minecs/api/dispatcher.hpp"
#include "minecs/api/router.hpp"
#include "minecs/core/clock.hpp"
#include "minecs/core/ids.hpp"
#include "minecs/core/ipv4.hpp"
#include "minecs/core/service_error.hpp"
#include "minecs/dashboard/dashboard.hpp"
#include "minecs/dns/responder.hpp"
#include "minecs/docker/client.hpp"
#include "minecs/lb/balancers.hpp"
#include "minecs/model/api_model.hpp"
#include "minecs/reconcile/instances.hpp"
#include "minecs/reconcile/reconciler.hpp"
#include "minecs/registry/image_store.hpp"
#include "minecs/scaling/scaler.hpp"
#include "minecs/scheduler/scheduler.hpp"
#include "minecs/services/autoscaling.hpp"
#include "minecs/services/ec2.hpp"
#include "minecs/services/ecr.hpp"
#include "minecs/services/ecs.hpp"
#include "minecs/services/elbv2.hpp"
#include "minecs/services/iam.hpp"
#include "minecs/services/logs.hpp"
#include "minecs/services/secretsmanager.hpp"
#include "minecs/services/servicediscovery.hpp"
#include "minecs/services/ssm.hpp"
#include "minecs/services/sts.hpp"
#include "minecs/store/database.hpp"

namespace minecs {

namespace {

// ECS calls EC2 and ELBv2 for Express services through tables of their own handlers, as it
// calls those services on AWS.
ecs::options with_service_calls(ecs::options opts) {
  auto tables = std::make_shared<std::map<std::string, api::handler_table, std::less<>>>();
  ec2::register_handlers((*tables)["ec2"]);
  elbv2::register_handlers((*tables)["elasticloadbalancing"], {opts.unknown_network_ids});
  opts.call_service = [tables](api::request_context& ctx, std::string_view service,
                               std::string_view operation, const json& input) {
    auto table = tables->find(service);
    const auto* h = table == tables->end() ? nullptr : table->second.find(operation);
    if (h == nullptr) {
      throw service_error(
          "InternalFailure",
          "no operation " + std::string(service) + ":" + std::string(operation) + " to call", 500);
    }
    return (*h)(ctx, input);
  };
  return opts;
}

api::service_binding ecs_service(const ecs::options& opts) {
  api::service_binding ecs{model::api_model::ecs(), {}};
  ecs::register_handlers(ecs.handlers, with_service_calls(opts));
  return ecs;
}

api::service_binding logs_service() {
  api::service_binding logs{model::api_model::logs(), {}};
  logs::register_handlers(logs.handlers);
  return logs;
}

api::service_binding sts_service(const sts::options& opts) {
  api::service_binding sts{model::api_model::sts(), {}};
  sts::register_handlers(sts.handlers, opts);
  return sts;
}

api::service_binding iam_service() {
  api::service_binding iam{model::api_model::iam(), {}};
  iam::register_handlers(iam.handlers);
  return iam;
}

api::service_binding ec2_service() {
  api::service_binding ec2{model::api_model::ec2(), {}};
  ec2::register_handlers(ec2.handlers);
  return ec2;
}

api::service_binding elbv2_service(const ecs::options& opts) {
  api::service_binding elbv2{model::api_model::elbv2(), {}};
  elbv2::register_handlers(elbv2.handlers, {opts.unknown_network_ids});
  return elbv2;
}

api::service_binding ssm_service() {
  api::service_binding ssm{model::api_model::ssm(), {}};
  ssm::register_handlers(ssm.handlers);
  return ssm;
}

api::service_binding secretsmanager_service() {
  api::service_binding secretsmanager{model::api_model::secretsmanager(), {}};
  secretsmanager::register_handlers(secretsmanager.handlers);
  return secretsmanager;
}

api::service_binding autoscaling_service() {
  api::service_binding autoscaling{model::api_model::autoscaling(), {}};
  autoscaling::register_handlers(autoscaling.handlers);
  return autoscaling;
}

api::service_binding servicediscovery_service(const ecs::options& opts) {
  api::service_binding sd{model::api_model::servicediscovery(), {}};
  servicediscovery::register_handlers(sd.handlers, {opts.unknown_network_ids});
  return sd;
}

api::service_binding ecr_service(const ecr::options& opts) {
  api::service_binding ecr{model::api_model::ecr(), {}};
  ecr::register_handlers(ecr.handlers, opts);
  return ecr;
}

std::vector<api::service_binding> all_services(const ecs::options& opts = {},
                                               const sts::options& sts_opts = {},
                                               const ecr::options& ecr_opts = {}) {
  std::vector<api::service_binding> out;
  out.push_back(ecs_service(opts));
  out.push_back(logs_service());
  out.push_back(sts_service(sts_opts));
  out.push_back(iam_service());
  out.push_back(ec2_service());
  out.push_back(elbv2_service(opts));
  out.push_back(ssm_service());
  out.push_back(secretsmanager_service());
  out.push_back(ecr_service(ecr_opts));
  out.push_back(autoscaling_service());
  out.push_back(servicediscovery_service(opts));
  return out;
}

std::string default_holder_binary() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return "minecs-holder";
  }
  return (self.parent_path() / "minecs-holder").string();
}

// Removes the data directory's own files once the store has closed: --ephemeral ends the instance.
// Only minecs's files and then the directory if that leaves it empty, so that a mistaken
// --data-dir never costs anything else.
struct data_dir_removal {
  std::filesystem::path dir;
  reconcile::instance_claim* claim = nullptr;
  bool armed = false;

  data_dir_removal() = default;
  data_dir_removal(const data_dir_removal&) = delete;
  data_dir_removal& operator=(const data_dir_removal&) = delete;
  ~data_dir_removal() {
    if (!armed) {
      return;
    }
    if (claim != nullptr) {
      claim->release();
    }
    std::error_code ec;
    for (const char* name : {"minecs.db", "minecs.db-wal", "minecs.db-shm", "minecs.db-journal",
                             reconcile::instance_file_name}) {
      std::filesystem::remove(dir / name, ec);
    }
    for (const char* name : {"lb-ca/ca.pem", "lb-ca/ca-key.pem", "lb-ca"}) {
      std::filesystem::remove(dir / name, ec);
    }
    // ECR's registry storage (registry::image_store).
    std::filesystem::remove_all(dir / "registry", ec);
    std::filesystem::remove(dir, ec);
  }
};

reconcile::settings reconcile_settings(const config& cfg, const std::string& data_dir) {
  reconcile::settings s;
  s.data_dir = data_dir;
  s.mount_ns = reconcile::current_mount_namespace();
  if (auto pool = parse_ipv4_subnet(cfg.network_pool)) {
    s.network_pool = *pool;
  }
  s.network_prefix = cfg.network_prefix;
  s.avoid_host_routes = cfg.docker_host.starts_with("unix://");
  s.enforce_security_groups = cfg.enforce_security_groups;
  s.holder_binary = cfg.holder_binary.empty() ? default_holder_binary() : cfg.holder_binary;
  s.region = cfg.region;
  s.stopped_task_retention_seconds = cfg.stopped_task_retention_seconds;
  s.keep_stopped_containers = cfg.keep_stopped_containers;
  s.resync_seconds = cfg.resync_seconds;
  s.docker_unavailable_timeout_seconds = cfg.docker_unavailable_timeout_seconds;
  s.workers = cfg.reconcile_workers;
  s.secrets_file = cfg.secrets_file;
  s.s3_dir = cfg.s3_dir;
  s.host_cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return s;
}

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// Task role keys as ECS gets them: this server's STS AssumeRole, one session per task named
// after it, for an hour (every role's MaxSessionDuration allows that).
agent::assume_role_fn task_role_sessions(const config& cfg, store::database& db, const clock& clk,
                                         id_generator& ids) {
  auto table = std::make_shared<api::handler_table>();
  sts::register_handlers(*table, {cfg.strict_iam});
  return [table, &db, &clk, &ids, where = scope{cfg.region, cfg.account_id}](
             const std::string& role_arn, const std::string& session) {
    api::request_context ctx{db, clk, ids, where, "ecs-agent-" + session};
    auto out = (*table->find("AssumeRole"))(
        ctx, {{"RoleArn", role_arn}, {"RoleSessionName", session}, {"DurationSeconds", 3600}});
    const auto& c = out.at("Credentials");
    return agent::role_session_keys{
        {c.at("AccessKeyId").get<std::string>(), c.at("SecretAccessKey").get<std::string>(),
         c.at("SessionToken").get<std::string>()},
        c.at("Expiration").get<double>()};
  };
}

std::optional<agent::listener_settings> agent_settings(const config& cfg, store::database& db,
                                                       const clock& clk, id_generator& ids) {
  if (cfg.task_credentials == "sts") {
    agent::listener_settings out{cfg.agent_port, {}};
    out.endpoint.assume_role = task_role_sessions(cfg, db, clk, ids);
    return out;
  }
  auto keys = agent::parse_credentials_source(
      cfg.task_credentials, env_or_empty("AWS_ACCESS_KEY_ID"),
      env_or_empty("AWS_SECRET_ACCESS_KEY"), env_or_empty("AWS_SESSION_TOKEN"));
  if (!keys) {
    spdlog::critical("invalid task credentials source: {}", cfg.task_credentials);
    return std::nullopt;
  }
  return agent::listener_settings{cfg.agent_port, {*keys}};
}

// The data directory, made when absent, as an absolute path: other servers read it from the labels
// of what this instance creates. nullopt (and a log line) when it cannot be made.
std::optional<std::filesystem::path> make_data_dir(const std::string& configured) {
  std::error_code ec;
  std::filesystem::create_directories(configured, ec);
  if (ec) {
    spdlog::critical("cannot create data directory {}: {}", configured, ec.message());
    return std::nullopt;
  }
  auto data_dir = std::filesystem::weakly_canonical(std::filesystem::absolute(configured), ec);
  if (ec) {
    data_dir = std::filesystem::absolute(configured);
  }
  return data_dir;
}

// The DNS responder's settings; nullopt (and a log line) when --dns-upstream does not parse.
std::optional<dns::settings> dns_settings(const config& cfg) {
  dns::settings s;
  s.ttl = static_cast<std::uint32_t>(cfg.dns_ttl);
  s.forward_unknown = cfg.dns_unknown_names == "forward";
  if (cfg.dns_upstream.empty()) {
    std::ifstream in("/etc/resolv.conf");
    std::ostringstream text;
    text << in.rdbuf();
    s.upstreams = dns::parse_resolv_conf(text.str());
  } else {
    std::istringstream items(cfg.dns_upstream);
    std::string item;
    while (std::getline(items, item, ',')) {
      auto u = dns::parse_upstream(item);
      if (!u) {
        spdlog::critical("invalid --dns-upstream entry '{}': ADDRESS, IPV4:PORT or [IPV6]:PORT",
                         item);
        return std::nullopt;
      }
      s.upstreams.push_back(*u);
    }
  }
  std::string names;
  for (const auto& u : s.upstreams) {
    names += (names.empty() ? "" : ", ") + u.address + ":" + std::to_string(u.port);
  }
  if (names.empty()) {
    spdlog::warn(
        "dns: no upstream resolvers (none in /etc/resolv.conf, no --dns-upstream): "
        "tasks resolve only the names minecs owns and Docker's container names");
  } else {
    spdlog::info("dns: names minecs does not own are asked of {}", names);
  }
  return s;
}

ecs::options ecs_options_of(const config& cfg) {
  ecs::options out;
  if (cfg.strict_networking) {
    out.unknown_network_ids = ec2::unknown_network_ids::reject;
  }
  out.strict_iam = cfg.strict_iam;
  return out;
}

scheduler::settings scheduler_settings_of(const config& cfg) {
  scheduler::settings out;
  out.backoff_base_seconds = cfg.service_backoff_base_seconds;
  out.strict_iam = cfg.strict_iam;
  out.backoff_max_seconds =
      std::max(cfg.service_backoff_max_seconds, cfg.service_backoff_base_seconds);
  return out;
}

// ALBRequestCountPerTarget reads the balancers' request counts.
scaling::settings scaling_settings_of(const config& cfg, lb::balancers& balancers) {
  scaling::settings out;
  out.window_seconds = cfg.scaling_window_seconds;
  out.out_periods = cfg.scaling_out_periods;
  out.in_periods = cfg.scaling_in_periods;
  out.tick_seconds = std::min(1.0, out.window_seconds);
  out.request_count = [&balancers](const std::string& group) {
    return balancers.requests_to(group);
  };
  return out;
}

// The task DNS responder, started, and the reconciler's hooks into it; false when its settings
// are invalid (said in the log).
bool start_task_dns(const config& cfg, store::database& db, std::unique_ptr<dns::responder>& out,
                    reconcile::settings& settings, lb::balancers& balancers) {
  auto dns_cfg = dns_settings(cfg);
  if (!dns_cfg) {
    return false;
  }
  out = std::make_unique<dns::responder>(db, *dns_cfg);
  out->add_source(dns::eni_names());
  out->add_source(dns::cloudmap_names());
  out->add_source(balancers.names());
  out->start();
  auto* responder = out.get();
  settings.serve_dns = [responder](const std::string& network, const std::string& gateway) {
    return responder->serve(network, gateway);
  };
  settings.retain_dns = [responder](const std::set<std::string>& networks) {
    responder->retain(networks);
  };
  return true;
}

// The balancers' DNS names are re-read as soon as a balancer's address changes.
lb::settings balancer_settings(const std::unique_ptr<dns::responder>& task_dns,
                               const std::filesystem::path& data_dir) {
  lb::settings out;
  out.ca_dir = data_dir / "lb-ca";
  out.names_changed = [&task_dns] {
    if (task_dns) {
      task_dns->refresh();
    }
  };
  return out;
}

// The reconciler tells the balancers of each VPC network, and gives tasks no balancer's address.
void connect_balancers(reconcile::settings& settings, lb::balancers& balancers) {
  settings.vpc_network_ready = [&balancers](const std::string& region, const std::string& vpc,
                                            const std::string& bridge, const ipv4_subnet& block,
                                            const ipv4_subnet& docker_block) {
    balancers.network_ready(region, vpc, {bridge, block, docker_block});
  };
  settings.reserved_addresses = [&balancers] {
    std::set<std::uint32_t> out;
    for (const auto& [arn, address] : balancers.addresses()) {
      out.insert(address);
    }
    return out;
  };
}

registry::settings registry_settings(const config& cfg, const std::filesystem::path& data_dir) {
  registry::settings out;
  out.binary = cfg.registry_binary;
  out.data_dir = data_dir.string();
  out.external_url = cfg.ecr_registry;
  out.host = cfg.host;
  out.port = cfg.ecr_port;
  out.region = cfg.region;
  out.account = cfg.account_id;
  return out;
}

ecr::options ecr_options(registry::image_store& images) {
  ecr::options out;
  out.registry_endpoint = [&images] { return images.endpoint(); };
  return out;
}

// Tasks pull ECR's images from the registry, with its credentials.
void connect_registry(reconcile::settings& settings, registry::image_store& images) {
  settings.registry_image = [&images](const std::string& image) {
    std::optional<reconcile::registry_pull> out;
    if (auto r = images.pull_reference_of(image)) {
      out = reconcile::registry_pull{r->reference, r->auth};
    }
    return out;
  };
}

// Runs `io` on one thread per core (two at least) until it stops.
void run_on_every_core(boost::asio::io_context& io) {
  unsigned n = std::max(2u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) {
    threads.emplace_back([&] { io.run(); });
  }
  io.run();
  for (auto& t : threads) {
    t.join();
  }
}

}  // namespace

std::string operations_markdown() {
  std::string out;
  for (const auto& service : all_services()) {
    int done = 0;
    std::string rows;
    auto missing = "no: answers " + api::not_implemented(*service.model, "").code();
    for (const auto& op : service.model->operation_names()) {
      bool implemented = service.handlers.find(op) != nullptr;
      done += implemented ? 1 : 0;
      rows += "| " + op + " | " + (implemented ? std::string("yes") : missing) + " |\n";
    }
    out += "### " + service.model->service_id() + " (" + std::to_string(done) + " of " +
           std::to_string(service.model->operation_names().size()) + " operations)\n\n";
    out += "| operation | implemented |\n|---|---|\n" + rows + "\n";
  }
  return out;
}

int run_app(const config& cfg) {
  spdlog::set_default_logger(spdlog::stdout_color_mt("minecs"));
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  if (cfg.lb_port_base_given) {
    spdlog::warn(
        "--lb-port-base is ignored: minecs no longer gives services a port of its own; put an "
        "ELBv2 "
        "load balancer in front of the service and use its DNSName (README: Load balancers)");
  }

  auto made_dir = make_data_dir(cfg.data_dir);
  if (!made_dir) {
    return 1;
  }
  const auto& data_dir = *made_dir;
  auto claimed = reconcile::instance_claim::take(data_dir);
  if (auto* why = std::get_if<std::string>(&claimed)) {
    spdlog::critical("{}", *why);
    return 1;
  }
  auto& claim = std::get<reconcile::instance_claim>(claimed);
  // Declared before the store, so that it runs after the store has closed.
  data_dir_removal removal;
  removal.dir = data_dir;
  removal.claim = &claim;
  auto db_path = (data_dir / "minecs.db").string();
  std::unique_ptr<store::database> db;
  try {
    db = std::make_unique<store::database>(db_path);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }

  system_clock clock;
  random_ids ids;
  // ECR's image store, before the dispatcher (repositoryUri names its address) and the
  // reconciler (tasks pull from it).
  registry::image_store images(*db, clock, registry_settings(cfg, data_dir));
  if (!images.start()) {
    return 1;
  }
  api::dispatcher dispatcher(
      {*db, clock, ids, cfg.region, cfg.account_id},
      all_services(ecs_options_of(cfg), {cfg.strict_iam}, ecr_options(images)));

  // Without Docker (--no-docker) there is no reconciler: tasks are accepted and stay PROVISIONING.
  std::unique_ptr<docker::client> docker_client;
  std::unique_ptr<agent::listener> agent;
  std::unique_ptr<dns::responder> task_dns;
  // The ELBv2 data plane. Before the reconciler, which tells it of networks.
  lb::balancers balancers(*db, clock, balancer_settings(task_dns, data_dir));
  // Before the reconciler, which calls it, so that it is destroyed after it.
  std::unique_ptr<reconcile::runner> reconciler;
  if (!cfg.no_docker) {
    auto made = docker::make_client(cfg.docker_host);
    if (!made) {
      spdlog::critical("invalid Docker host {}: {}", cfg.docker_host, made.error().message);
      return 1;
    }
    docker_client = std::move(*made);
    auto agent_cfg = agent_settings(cfg, *db, clock, ids);
    if (!agent_cfg) {
      return 1;
    }
    agent = std::make_unique<agent::listener>(*db, *docker_client, clock, *agent_cfg);
    if (!agent->ok()) {
      return 1;
    }
    auto settings = reconcile_settings(cfg, data_dir.string());
    settings.agent_port = agent->port();
    if (cfg.dns && !start_task_dns(cfg, *db, task_dns, settings, balancers)) {
      return 1;
    }
    connect_balancers(settings, balancers);
    connect_registry(settings, images);
    reconciler = reconcile::make_reconciler(*db, *docker_client, clock, ids, settings);
    // Before the instance creates anything, so that no other server takes it for a gone one.
    if (!claim.record(reconciler->instance_id())) {
      spdlog::critical("cannot write the instance id into {}",
                       (data_dir / reconcile::instance_file_name).string());
      return 1;
    }
    reconciler->start();
  }

  // The service scheduler works on the store alone; without Docker its tasks stay PROVISIONING.
  scheduler::scheduler service_scheduler(*db, clock, ids, scheduler_settings_of(cfg));
  service_scheduler.start();

  // Application Auto Scaling: measures scaled services' tasks, runs scheduled actions.
  scaling::scaler service_scaler(*db, docker_client.get(), clock, ids,
                                 scaling_settings_of(cfg, balancers));
  service_scaler.start();

  // ELBv2 load balancers: their addresses, listeners and health checks.
  balancers.start();

  boost::asio::io_context io;
  auto hooks = observed_hooks(docker_client.get(), *db, reconciler);
  hooks.pages = dashboard::serve;
  hooks.reset = [&] {
    // Paused across the wipe, so that no pass creates tasks for a service that is being wiped.
    service_scheduler.stop();
    service_scaler.stop();
    if (reconciler) {
      reconciler->reset_and_wipe();
    } else {
      db->wipe();
    }
    service_scheduler.start();
    service_scaler.start();
  };
  std::unique_ptr<server::http_server> http;
  try {
    http = std::make_unique<server::http_server>(
        io, cfg.host, static_cast<unsigned short>(cfg.port), api::make_router(dispatcher, hooks),
        api::aws_failure_reply());
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on {}:{}: {}", cfg.host, cfg.port, e.what());
    return 1;
  }

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int sig) {
    spdlog::info("signal {}: shutting down", sig);
    // Before the server: no step is left half done, and the task containers keep running.
    service_scheduler.stop();
    service_scaler.stop();
    if (reconciler) {
      reconciler->stop();
    }
    if (task_dns) {
      task_dns->stop();
    }
    if (cfg.ephemeral) {
      spdlog::info("ephemeral: removing everything instance {} created, and {}",
                   reconciler ? reconciler->instance_id() : std::string("(no Docker)"),
                   data_dir.string());
      if (reconciler && !reconciler->remove_everything_after_stop()) {
        // Its data directory goes all the same: the next minecs to start removes what is left.
        spdlog::warn("ephemeral: the Docker Engine did not answer; containers and networks stay");
      }
      removal.armed = true;
    }
    balancers.stop();
    images.stop();
    if (agent) {
      agent->stop();
    }
    http->stop();
    io.stop();
  });

  // The port line is what scripts and tests wait for (with --port 0 it names the chosen port).
  spdlog::info("minecs listening on http://{}:{} (data {}, region {}, account {})", cfg.host,
               http->port(), db_path, cfg.region, cfg.account_id);

  run_on_every_core(io);
  spdlog::info("minecs stopped");
  return 0;
}

}  // namespace minecs
