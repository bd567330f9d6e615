#include "task_definition_validation.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "minecs/core/service_error.hpp"
#include "minecs/api/input.hpp"

namespace minecs::ecs {

namespace {

// ECS's quota of containers per task definition.
constexpr std::size_t max_containers = 10;
// EC2 task sizes ECS accepts: 0.125 vCPU to 192 vCPU.
constexpr long long min_ec2_task_cpu = 128;
constexpr long long max_ec2_task_cpu = 196608;
// Docker 20.10 and later reserve 6 MiB per container; less cannot start.
constexpr long long min_container_memory = 6;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

// "1024" -> 1024; "2" with unit 1024 -> 2048; ".25" with unit 1024 -> 256. Fractions must land
// on a whole number of units, as ECS converts and stores integers.
std::optional<long long> parse_scaled(std::string_view number, long long unit) {
  number = trim(number);
  if (number.empty() || number.size() > 12) {
    return std::nullopt;
  }
  long long whole = 0;
  long long frac_num = 0;
  long long frac_den = 1;
  bool dot = false;
  bool digits = false;
  for (char c : number) {
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
    digits = true;
    if (dot) {
      frac_num = frac_num * 10 + (c - '0');
      frac_den *= 10;
    } else {
      whole = whole * 10 + (c - '0');
    }
  }
  if (!digits || (dot && unit == 1)) {
    return std::nullopt;
  }
  if ((frac_num * unit) % frac_den != 0) {
    return std::nullopt;
  }
  return whole * unit + frac_num * unit / frac_den;
}

std::optional<long long> parse_with_suffix(std::string_view text, std::string_view suffix,
                                           long long unit) {
  auto t = lower(trim(text));
  if (t.size() > suffix.size() && t.ends_with(suffix)) {
    return parse_scaled(std::string_view(t).substr(0, t.size() - suffix.size()), unit);
  }
  return parse_scaled(t, 1);
}

bool is_ecr_image(const std::string& image) {
  return image.find(".dkr.ecr.") != std::string::npos &&
         image.find(".amazonaws.com") != std::string::npos;
}

const json empty_array = json::array();
const json empty_object = json::object();

const json& array_member(const json& in, const char* key) {
  return api::has(in, key) ? in.at(key) : empty_array;
}

std::string log_driver(const json& container) {
  return api::str(api::member_or(container, "logConfiguration", empty_object), "logDriver");
}

// Everything derived below reads the request once it has been normalised; this bundles what the
// checks share.
struct task_view {
  const json& td;
  std::string network_mode;  // "" when absent: ECS then uses bridge (Linux)
  std::vector<std::string> requires_compat;
  std::optional<long long> cpu, memory;
  bool has_execution_role = false;

  bool needs(const char* compat) const {
    return std::find(requires_compat.begin(), requires_compat.end(), compat) !=
           requires_compat.end();
  }
  const json& containers() const { return td.at("containerDefinitions"); }
};

std::string fargate_size_error(long long cpu, long long memory) {
  return "No Fargate configuration exists for given values: " + std::to_string(cpu) + " CPU, " +
         std::to_string(memory) + " memory. See the Amazon ECS documentation for the valid values.";
}

// The first reason this definition cannot run on Fargate, or nullopt when it can; a definition
// that requires FARGATE is refused with it.
std::optional<std::string> fargate_problem(const task_view& t) {
  if (t.network_mode != "awsvpc") {
    // ECS writes this one with typographic quotes.
    return "Fargate only supports network mode \u2018awsvpc\u2019.";
  }
  if (!t.cpu) {
    return "Fargate requires that 'cpu' be defined at the task level.";
  }
  if (!t.memory) {
    return "Fargate requires that 'memory' be defined at the task level.";
  }
  if (!fargate_supports(*t.cpu, *t.memory)) {
    return fargate_size_error(*t.cpu, *t.memory);
  }
  if (api::has(t.td, "ipcMode")) {
    return "Tasks using the Fargate launch type do not support ipcMode.";
  }
  if (auto pid = api::str(t.td, "pidMode"); !pid.empty() && pid != "task") {
    return "Tasks using the Fargate launch type do not support pidMode '" + pid +
           "'. The supported value for pidMode is 'task'.";
  }
  for (const auto& c : t.containers()) {
    if (!t.has_execution_role && is_ecr_image(api::str(c, "image"))) {
      return "Fargate requires task definition to have execution role ARN to support ECR images.";
    }
  }
  for (const auto& c : t.containers()) {
    auto driver = log_driver(c);
    if (driver.empty()) {
      continue;
    }
    if (driver != "awslogs" && driver != "splunk" && driver != "awsfirelens") {
      return "Log driver " + driver + " is not supported on Fargate.";
    }
    if (driver == "awslogs" && !t.has_execution_role) {
      return "Fargate requires task definition to have execution role ARN to support log driver "
             "awslogs.";
    }
    if (driver == "awslogs" &&
        api::str(api::member_or(api::member_or(c, "logConfiguration", empty_object), "options", empty_object),
            "awslogs-stream-prefix")
            .empty()) {
      return "Fargate requires log configuration options to include awslogs-stream-prefix to "
             "support log driver awslogs.";
    }
  }
  return std::nullopt;
}

void check_names(const task_view& t) {
  std::set<std::string> seen;
  for (const auto& c : t.containers()) {
    auto name = api::str(c, "name");
    if (name.empty()) {
      throw client_error("Container.name should not be null or empty.");
    }
    if (!valid_resource_name(name)) {
      throw client_error("Container.name contains invalid characters.");
    }
    if (api::str(c, "image").empty()) {
      throw client_error("Container.image should not be null or empty.");
    }
    if (!seen.insert(name).second) {
      throw client_error("Duplicate container name '" + name + "' in the task definition.");
    }
  }
}

void check_task_size(task_view& t) {
  if (auto cpu = api::opt_str(t.td, "cpu")) {
    t.cpu = parse_task_cpu(*cpu);
    if (!t.cpu ||
        (!t.needs("FARGATE") && (*t.cpu < min_ec2_task_cpu || *t.cpu > max_ec2_task_cpu))) {
      throw client_error("Invalid 'cpu' setting for task.");
    }
  }
  if (auto memory = api::opt_str(t.td, "memory")) {
    t.memory = parse_task_memory(*memory);
    if (!t.memory || *t.memory <= 0) {
      throw client_error("Invalid 'memory' setting for task.");
    }
  }
}

// Port mappings: awsvpc and host share the task's (or the instance's) ports, so the host port is
// the container port; ECS fills it in when it is absent.
void normalise_ports(const task_view& t, json& container) {
  const auto name = api::str(container, "name");
  const bool shared = t.network_mode == "awsvpc" || t.network_mode == "host";
  auto& mappings = container["portMappings"];
  if (!mappings.is_array()) {
    mappings = json::array();
  }
  if (t.network_mode == "none" && !mappings.empty()) {
    throw client_error("Port mappings are not supported when networkMode=none.");
  }
  for (auto& pm : mappings) {
    if (!api::has(pm, "protocol")) {
      pm["protocol"] = "tcp";
    }
    if (!api::has(pm, "containerPort")) {
      if (api::has(pm, "containerPortRange")) {
        continue;
      }
      throw client_error("Invalid 'containerPort' setting for container '" + name + "'.");
    }
    auto container_port = pm.at("containerPort").get<long long>();
    if (container_port < 1 || container_port > 65535) {
      throw client_error("Invalid 'containerPort' setting for container '" + name + "'.");
    }
    if (shared) {
      if (!api::has(pm, "hostPort")) {
        pm["hostPort"] = container_port;
      } else if (pm.at("hostPort").get<long long>() != container_port) {
        throw client_error("When networkMode=" + t.network_mode +
                           ", the host ports and container ports in port mappings must match.");
      }
    } else if (api::has(pm, "hostPort")) {
      auto host_port = pm.at("hostPort").get<long long>();
      if (host_port < 0 || host_port > 65535) {
        throw client_error("Invalid 'hostPort' setting for container '" + name + "'.");
      }
    }
  }
  if (t.network_mode == "awsvpc" && api::has(container, "hostname")) {
    throw client_error("hostname is not supported on container when networkMode=awsvpc.");
  }
  if (!array_member(container, "links").empty() && !t.network_mode.empty() &&
      t.network_mode != "bridge") {
    throw client_error("Links are not supported when networkMode=" + t.network_mode + ".");
  }
}

void check_memory(const task_view& t) {
  long long reserved_total = 0;
  long long cpu_total = 0;
  for (const auto& c : t.containers()) {
    const auto name = api::str(c, "name");
    auto memory = api::opt_int(c, "memory");
    auto reservation = api::opt_int(c, "memoryReservation");
    if (!t.memory && !memory && !reservation) {
      throw client_error("Invalid setting for container '" + name +
                         "'. At least one of 'memory' or 'memoryReservation' must be specified.");
    }
    if (memory && *memory < min_container_memory) {
      throw client_error("Invalid 'memory' setting for container '" + name +
                         "'. The minimum is 6 MiB.");
    }
    if (reservation && *reservation < min_container_memory) {
      throw client_error("Invalid 'memoryReservation' setting for container '" + name +
                         "'. The minimum is 6 MiB.");
    }
    if (memory && reservation && *reservation > *memory) {
      throw client_error("Invalid 'memoryReservation' setting for container '" + name +
                         "'. 'memoryReservation' must be less than or equal to 'memory'.");
    }
    if (t.memory && memory && *memory > *t.memory) {
      throw client_error("The 'memory' setting for container '" + name +
                         "' is greater than for the task.");
    }
    if (t.memory && reservation && *reservation > *t.memory) {
      throw client_error("The 'memoryReservation' setting for container '" + name +
                         "' is greater than for the task.");
    }
    reserved_total += reservation ? *reservation : memory.value_or(0);
    cpu_total += api::opt_int(c, "cpu").value_or(0);
  }
  if (t.memory && reserved_total > *t.memory) {
    throw client_error(
        "The sum of all container 'memoryReservation' values cannot be greater than the value of "
        "the task 'memory'.");
  }
  if (t.cpu && cpu_total > *t.cpu) {
    throw client_error(
        "The sum of all container 'cpu' values cannot be greater than the value of the task "
        "'cpu'.");
  }
}

void check_dependencies(const task_view& t) {
  std::map<std::string, const json*> by_name;
  for (const auto& c : t.containers()) {
    by_name[api::str(c, "name")] = &c;
  }
  std::map<std::string, std::vector<std::string>> edges;
  for (const auto& c : t.containers()) {
    const auto name = api::str(c, "name");
    for (const auto& dep : array_member(c, "dependsOn")) {
      const auto target = api::str(dep, "containerName");
      const auto condition = api::str(dep, "condition");
      auto it = by_name.find(target);
      if (it == by_name.end()) {
        throw client_error("Container '" + name + "' depends on container '" + target +
                           "', which is not defined in the task definition.");
      }
      if (target == name) {
        throw client_error("Container '" + name + "' cannot depend on itself.");
      }
      if ((condition == "SUCCESS" || condition == "COMPLETE") &&
          api::boolean(*it->second, "essential", true)) {
        throw client_error(
            "A dependency container with SUCCESS or COMPLETE condition cannot be an essential "
            "container");
      }
      if (condition == "HEALTHY" && !api::has(*it->second, "healthCheck")) {
        throw client_error("Container '" + name + "' depends on container '" + target +
                           "' with condition HEALTHY, but '" + target + "' has no health check.");
      }
      edges[name].push_back(target);
    }
  }
  // A cycle would leave every container in it waiting for the others for ever.
  std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
  std::function<void(const std::string&)> visit = [&](const std::string& n) {
    state[n] = 1;
    for (const auto& m : edges[n]) {
      if (state[m] == 1) {
        throw client_error("Circular container dependency detected for container '" + m + "'.");
      }
      if (state[m] == 0) {
        visit(m);
      }
    }
    state[n] = 2;
  };
  for (const auto& [n, _] : by_name) {
    if (state[n] == 0) {
      visit(n);
    }
  }
}

void check_volumes(const task_view& t) {
  std::set<std::string> volumes;
  for (const auto& v : array_member(t.td, "volumes")) {
    auto name = api::str(v, "name");
    if (name.empty()) {
      throw client_error("Volume.name should not be null or empty.");
    }
    if (!valid_resource_name(name)) {
      throw client_error("Volume.name contains invalid characters.");
    }
    if (!volumes.insert(name).second) {
      throw client_error("Duplicate volume name '" + name + "' in the task definition.");
    }
  }
  std::set<std::string> containers;
  for (const auto& c : t.containers()) {
    containers.insert(api::str(c, "name"));
  }
  for (const auto& c : t.containers()) {
    for (const auto& mp : array_member(c, "mountPoints")) {
      auto source = api::str(mp, "sourceVolume");
      if (!volumes.contains(source)) {
        throw client_error("Unknown volume '" + source + "'.");
      }
    }
    for (const auto& vf : array_member(c, "volumesFrom")) {
      auto source = api::str(vf, "sourceContainer");
      if (!containers.contains(source) || source == api::str(c, "name")) {
        throw client_error("Invalid 'volumesFrom' setting for container '" + api::str(c, "name") +
                           "'. Unknown container '" + source + "'.");
      }
    }
  }
}

// A secret comes from Secrets Manager (secret ARN) or SSM Parameter Store (parameter ARN, or a
// parameter name when it lives in the task's region).
bool valid_secret_source(const std::string& value_from) {
  if (value_from.starts_with("arn:")) {
    auto arn = parse_arn(value_from);
    return arn && ((arn->service == "secretsmanager" && arn->resource_type == "secret") ||
                   (arn->service == "ssm" && arn->resource_type == "parameter"));
  }
  return !value_from.empty() &&
         std::all_of(value_from.begin(), value_from.end(), [](unsigned char ch) {
           return std::isalnum(ch) || ch == '_' || ch == '.' || ch == '-' || ch == '/';
         });
}

void check_secrets(const json& list, const std::string& container) {
  for (const auto& s : list) {
    if (api::str(s, "name").empty() || !valid_secret_source(api::str(s, "valueFrom"))) {
      throw client_error("Invalid 'secrets' setting for container '" + container +
                         "'. valueFrom must be a Secrets Manager secret ARN, an SSM parameter ARN "
                         "or an SSM parameter name.");
    }
  }
}

void check_logging(const task_view& t) {
  for (const auto& c : t.containers()) {
    const auto& log = api::member_or(c, "logConfiguration", empty_object);
    if (log_driver(c) == "awslogs") {
      const auto& options = api::member_or(log, "options", empty_object);
      std::vector<std::string> missing;
      for (const char* option : {"awslogs-region", "awslogs-group"}) {
        if (api::str(options, option).empty()) {
          missing.emplace_back(option);
        }
      }
      if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) {
          list += (list.empty() ? "" : ", ") + m;
        }
        throw client_error("Log driver awslogs requires options: " + list);
      }
    }
    check_secrets(array_member(c, "secrets"), api::str(c, "name"));
    check_secrets(array_member(log, "secretOptions"), api::str(c, "name"));
    if (!array_member(c, "secrets").empty() && !t.has_execution_role) {
      // The agent fetches secrets with the execution role, so ECS refuses them without one.
      throw client_error(
          "When you are specifying container secrets, you must also specify a value for "
          "'executionRoleArn'.");
    }
  }
}

void fill_container_defaults(json& c) {
  // The members DescribeTaskDefinition always returns, whether or not they were registered.
  if (!api::has(c, "cpu")) {
    c["cpu"] = 0;
  }
  if (!api::has(c, "essential")) {
    c["essential"] = true;
  }
  for (const char* list : {"portMappings", "environment", "mountPoints", "volumesFrom"}) {
    if (!api::has(c, list)) {
      c[list] = json::array();
    }
  }
}

// As ECS derives them: every definition that registers fits EC2, and ECS Anywhere (EXTERNAL)
// too unless it uses awsvpc, which EXTERNAL instances lack. FARGATE and MANAGED_INSTANCES are
// listed only when requiresCompatibilities asks for them (and FARGATE's rules were checked).
json derive_compatibilities(const task_view& t) {
  json out = json::array();
  if (t.network_mode != "awsvpc") {
    out.push_back("EXTERNAL");
  }
  out.push_back("EC2");
  for (const char* requested : {"FARGATE", "MANAGED_INSTANCES"}) {
    if (t.needs(requested)) {
      out.push_back(requested);
    }
  }
  return out;
}

// The container-instance attributes a task of this definition needs, as ECS derives them. The
// order is the one ECS answers with for the common ones; the rest follow.
json derive_requires_attributes(const task_view& t) {
  std::set<std::string> names;
  const std::string cap = "com.amazonaws.ecs.capability.";
  const std::string remote_api = cap + "docker-remote-api.";
  for (const auto& c : t.containers()) {
    auto driver = log_driver(c);
    if (!driver.empty()) {
      names.insert(cap + "logging-driver." + driver);
      names.insert(remote_api + "1.18");
    }
    if (driver == "awslogs") {
      names.insert(remote_api + "1.19");
      if (t.has_execution_role) {
        names.insert("ecs.capability.execution-role-awslogs");
      }
    }
    if (is_ecr_image(api::str(c, "image"))) {
      names.insert(cap + "ecr-auth");
      if (t.has_execution_role) {
        names.insert("ecs.capability.execution-role-ecr-pull");
        names.insert(remote_api + "1.18");
      }
    }
    if (api::has(c, "memoryReservation")) {
      names.insert(remote_api + "1.21");
    }
    if (!array_member(c, "dependsOn").empty()) {
      names.insert("ecs.capability.container-ordering");
    }
    if (api::has(c, "healthCheck")) {
      names.insert("ecs.capability.container-health-check");
    }
    if (api::has(c, "repositoryCredentials")) {
      names.insert(cap + "private-registry-authentication.secretsmanager");
    }
    if (!array_member(c, "environmentFiles").empty()) {
      names.insert("ecs.capability.env-files.s3");
    }
    for (const auto& s : array_member(c, "secrets")) {
      auto value_from = api::str(s, "valueFrom");
      names.insert(value_from.starts_with("arn:") &&
                           value_from.find(":secretsmanager:") != std::string::npos
                       ? "ecs.capability.secrets.asm.environment-variables"
                       : "ecs.capability.secrets.ssm.environment-variables");
    }
    if (api::has(c, "firelensConfiguration")) {
      names.insert("ecs.capability.firelens." +
                   api::str(c.at("firelensConfiguration"), "type", "fluentbit"));
    }
  }
  if (api::has(t.td, "taskRoleArn")) {
    names.insert(cap + "task-iam-role");
  }
  if (t.network_mode == "awsvpc") {
    names.insert("ecs.capability.task-eni");
  }
  for (const auto& v : array_member(t.td, "volumes")) {
    if (api::has(v, "efsVolumeConfiguration")) {
      names.insert("ecs.capability.efs");
    }
  }

  const std::vector<std::string> order = {cap + "logging-driver.awslogs",
                                          "ecs.capability.execution-role-awslogs",
                                          cap + "ecr-auth",
                                          remote_api + "1.19",
                                          remote_api + "1.21",
                                          cap + "task-iam-role",
                                          "ecs.capability.execution-role-ecr-pull",
                                          remote_api + "1.18",
                                          "ecs.capability.task-eni"};
  json out = json::array();
  for (const auto& name : order) {
    if (names.erase(name) > 0) {
      out.push_back({{"name", name}});
    }
  }
  for (const auto& name : names) {
    out.push_back({{"name", name}});
  }
  return out;
}

}  // namespace

std::optional<long long> parse_task_cpu(std::string_view text) {
  return parse_with_suffix(text, "vcpu", 1024);
}

std::optional<long long> parse_task_memory(std::string_view text) {
  return parse_with_suffix(text, "gb", 1024);
}

bool fargate_supports(long long cpu, long long memory) {
  auto in_steps = [memory](long long lo, long long hi, long long step) {
    return memory >= lo && memory <= hi && (memory - lo) % step == 0;
  };
  switch (cpu) {
    case 256:
      return memory == 512 || memory == 1024 || memory == 2048;
    case 512:
      return in_steps(1024, 4096, 1024);
    case 1024:
      return in_steps(2048, 8192, 1024);
    case 2048:
      return in_steps(4096, 16384, 1024);
    case 4096:
      return in_steps(8192, 30720, 1024);
    case 8192:
      return in_steps(16384, 61440, 4096);
    case 16384:
      return in_steps(32768, 122880, 8192);
    default:
      return false;
  }
}

bool valid_resource_name(std::string_view name) {
  return !name.empty() && name.size() <= 255 &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

task_definition_ref parse_task_definition_reference(std::string_view text, const scope& s) {
  task_definition_ref ref;
  std::string_view rest = text;
  if (text.starts_with("arn:")) {
    auto arn = parse_arn(text);
    if (!arn || arn->service != "ecs" || arn->resource_type != "task-definition" ||
        arn->region != s.region || arn->account != s.account) {
      ref.valid = false;
      return ref;
    }
    rest = text.substr(text.size() - arn->resource.size());
  }
  auto colon = rest.find(':');
  ref.family = std::string(rest.substr(0, colon));
  if (colon != std::string_view::npos) {
    auto number = rest.substr(colon + 1);
    long revision = 0;
    bool ok = !number.empty() && number.size() <= 9;
    bool digits = true;
    for (char c : number) {
      digits = digits && std::isdigit(static_cast<unsigned char>(c));
      ok = ok && digits;
      revision = ok ? revision * 10 + (c - '0') : 0;
    }
    if (!ok || revision < 1) {
      ref.valid = false;
    }
    if (!digits || number.empty()) {
      ref.non_numeric_revision = std::string(number);
    }
    ref.revision = revision;
  }
  if (!valid_resource_name(ref.family)) {
    ref.valid = false;
  }
  return ref;
}

void require_numeric_revision(const task_definition_ref& ref) {
  if (ref.non_numeric_revision) {
    throw invalid_parameter("Invalid revision number. Number: " + *ref.non_numeric_revision);
  }
}

json normalise_task_definition(const json& input) {
  json td = json::object();
  for (const auto& [key, value] : input.items()) {
    if (key != "tags" && !value.is_null()) {
      td[key] = value;
    }
  }

  const auto family = api::str(td, "family");
  if (family.empty()) {
    throw client_error("Family can not be blank.");
  }
  if (family.size() > 255) {
    throw client_error("Family name must be at most 255 characters.");
  }
  if (!valid_resource_name(family)) {
    throw client_error("Family contains invalid characters.");
  }
  if (!api::has(td, "containerDefinitions") || td.at("containerDefinitions").empty()) {
    throw client_error("Container list cannot be empty.");
  }
  if (td.at("containerDefinitions").size() > max_containers) {
    throw client_error("Too many containers.");
  }

  task_view t{td, api::str(td, "networkMode"),     api::str_list(td, "requiresCompatibilities"), {},
              {}, api::has(td, "executionRoleArn")};
  check_names(t);
  check_task_size(t);
  if (t.needs("FARGATE")) {
    if (auto problem = fargate_problem(t)) {
      throw client_error(*problem);
    }
  }
  if (t.needs("EXTERNAL") && t.network_mode == "awsvpc") {
    throw client_error("Tasks using the EXTERNAL launch type do not support networkMode awsvpc.");
  }
  // Canonical sizes: ECS stores "1 vCPU" as "1024" and "2 GB" as "2048".
  if (t.cpu) {
    td["cpu"] = std::to_string(*t.cpu);
  }
  if (t.memory) {
    td["memory"] = std::to_string(*t.memory);
  }

  for (auto& c : td["containerDefinitions"]) {
    normalise_ports(t, c);
    fill_container_defaults(c);
  }
  check_memory(t);
  bool any_essential = false;
  for (const auto& c : t.containers()) {
    any_essential |= c.at("essential").get<bool>();
  }
  if (!any_essential) {
    throw client_error("Task definition doesn't have any essential container.");
  }
  check_dependencies(t);
  check_volumes(t);
  check_logging(t);
  if (api::has(td, "ephemeralStorage")) {
    auto size = td.at("ephemeralStorage").value("sizeInGiB", 0LL);
    if (size < 21 || size > 200) {
      throw client_error("The ephemeral storage size must be between 21 GiB and 200 GiB.");
    }
  }

  for (const char* list : {"volumes", "placementConstraints"}) {
    if (!api::has(td, list)) {
      td[list] = json::array();
    }
  }
  for (auto& v : td["volumes"]) {
    // ECS mounts the file system's root when the definition names no directory.
    if (v.contains("efsVolumeConfiguration") && v["efsVolumeConfiguration"].is_object() &&
        !api::has(v["efsVolumeConfiguration"], "rootDirectory")) {
      v["efsVolumeConfiguration"]["rootDirectory"] = "/";
    }
  }
  td["compatibilities"] = derive_compatibilities(t);
  td["requiresAttributes"] = derive_requires_attributes(t);
  return td;
}

}  // namespace minecs::ecs
