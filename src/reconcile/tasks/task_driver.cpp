#include "tasks/task_driver.hpp"

#include <algorithm>
#include <set>

#include "agent_routing/agent_env.hpp"
#include "awslogs/awslogs_setup.hpp"
#include "labels.hpp"
#include "minecs/store/task_definitions.hpp"
#include "minecs/task/task_lifecycle.hpp"
#include "secrets/secrets.hpp"
#include "tasks/container_config.hpp"
#include "tasks/images.hpp"
#include "tasks/networking.hpp"
#include "tasks/observe.hpp"
#include "tasks/task_plan.hpp"
#include "tasks/volumes.hpp"

namespace minecs::reconcile {

namespace {

constexpr double docker_retry_seconds = 2;
constexpr int default_stop_timeout = 30;

step_outcome again_now() {
  step_outcome out;
  out.again = true;
  return out;
}

step_outcome wait_until(double when) {
  step_outcome out;
  out.wake_at = when;
  return out;
}

step_outcome done() {
  step_outcome out;
  out.finished = true;
  return out;
}

struct snapshot {
  store::task_record task;
  json definition;
};

std::optional<snapshot> load(context& cx, const std::string& arn) {
  return cx.db.read([&]() -> std::optional<snapshot> {
    auto t = store::find_task(cx.db, arn);
    if (!t) {
      return std::nullopt;
    }
    auto td = store::find_task_definition(cx.db, t->region, t->family, t->revision);
    return snapshot{std::move(*t), td ? td->body : json::object()};
  });
}

std::set<std::string> all_names(const store::task_record& t) {
  std::set<std::string> out;
  for (const auto& c : t.containers) {
    out.insert(c.name);
  }
  return out;
}

// A start that cannot succeed: desired STOPPED with TaskFailedToStart, unless the task was already
// told to stop (a user's StopTask keeps its own code and reason).
step_outcome fail_to_start(context& cx, const std::string& arn, const std::string& reason,
                           const std::set<std::string>& containers) {
  mutate_task(cx.db, arn, [&](store::task_record& t) {
    task::request_stop(t, stop_code::task_failed_to_start, reason);
    for (auto& c : t.containers) {
      if (containers.contains(c.name) && c.reason.empty()) {
        c.reason = reason;
      }
    }
    return true;
  });
  return again_now();
}

void docker_reachable(context& cx, const std::string& arn) {
  std::lock_guard lock(cx.cache_mutex);
  cx.unreachable_since.erase(arn);
}

// A Docker call failed while starting the task. An unreachable daemon is waited for (it may come
// back) up to the configured limit; a refusal is final.
step_outcome start_trouble(context& cx, const store::task_record& t, const docker::error& e,
                           const std::string& prefix, const std::set<std::string>& containers) {
  if (!e.transport()) {
    return fail_to_start(cx, t.arn, prefix + e.message, containers);
  }
  double now = cx.clk.now();
  double since = now;
  {
    std::lock_guard lock(cx.cache_mutex);
    since = cx.unreachable_since.emplace(t.arn, now).first->second;
  }
  if (now - since >= cx.cfg.docker_unavailable_timeout_seconds) {
    docker_reachable(cx, t.arn);
    return fail_to_start(cx, t.arn,
                         "ResourceInitializationError: the Docker Engine was unreachable for " +
                             std::to_string(cx.cfg.docker_unavailable_timeout_seconds) +
                             " s: " + e.message,
                         {});
  }
  return wait_until(now + docker_retry_seconds);
}

// In awsvpc mode the task has one address, the holder's: the service name leads there.
std::vector<std::string> holder_aliases(const store::task_record& t) {
  if (t.service_name.empty()) {
    return {};
  }
  return {t.service_name};
}

// The task's secrets and environment files, read afresh (edits apply without a restart); nothing
// when it has none. The values stay in memory: never stored, never logged.
std::variant<std::map<std::string, container_secrets>, secret_failure> task_secrets(
    context& cx, const snapshot& s) {
  if (!needs_secrets(s.definition, s.task.overrides)) {
    return std::map<std::string, container_secrets>{};
  }
  return resolve_task_secrets(s.definition, s.task.overrides,
                              local_secret_sources(cx.cfg.secrets_file, cx.cfg.s3_dir));
}

bool reset_happened(context& cx, std::uint64_t epoch) {
  return cx.epoch.load() != epoch;
}

step_outcome provision(context& cx, const snapshot& s, std::uint64_t epoch) {
  const auto& t = s.task;
  if (auto why = unsupported_reason(s.definition, t.overrides)) {
    return fail_to_start(cx, t.arn, *why, all_names(t));
  }
  // ECS fetches them before it pulls images, so an unknown one fails the task that early.
  if (auto r = task_secrets(cx, s); auto* f = std::get_if<secret_failure>(&r)) {
    return fail_to_start(cx, t.arn, f->reason, all_names(t));
  }
  double now = cx.clk.now();
  if (t.network_mode != network_mode::awsvpc) {
    // Bridge tasks join their cluster's network, where services are known by name and
    // 169.254.170.2 leads to the agent; Docker's default bridge offers neither.
    std::string network;
    if (t.network_mode == network_mode::bridge) {
      auto net = ensure_cluster_network(cx, t);
      if (!net) {
        return start_trouble(
            cx, t, net.error(),
            "ResourceInitializationError: cannot create the cluster network: ", {});
      }
      network = *net;
    }
    mutate_task(cx.db, t.arn, [&](store::task_record& r) {
      if (r.last_status != task_status::provisioning) {
        return false;
      }
      if (!network.empty()) {
        r.runtime.network = network;
      }
      return task::advance(r, task_status::pending, now);
    });
    return again_now();
  }
  const std::string init_error = "ResourceInitializationError: ";
  if (auto h = ensure_holder(cx); !h) {
    return start_trouble(cx, t, h.error(),
                         init_error + "cannot import the network holder image: ", {});
  }
  auto net = ensure_cluster_network(cx, t);
  if (!net) {
    return start_trouble(cx, t, net.error(),
                         init_error + "cannot create the cluster network: ", {});
  }
  std::string holder = t.runtime.holder_id;
  if (holder.empty()) {
    if (reset_happened(cx, epoch)) {
      return {};
    }
    auto labels = task_labels(t, std::string(holder_container_name), owner(cx.cfg));
    auto created = cx.docker.create_container(
        docker_container_name(t, holder_container_name, cx.ids),
        holder_create_config(s.definition, cx.cfg.holder_image, *net, labels, holder_aliases(t)),
        cx.cfg.call_timeout);
    if (!created) {
      return start_trouble(cx, t, created.error(),
                           init_error + "cannot create the task network namespace: ", {});
    }
    holder = *created;
    // Recorded at once, so that whatever happens next the holder is removed with the task.
    mutate_task(cx.db, t.arn, [&](store::task_record& r) {
      r.runtime.holder_id = holder;
      r.runtime.network = *net;
      return true;
    });
  }
  if (auto started = cx.docker.start_container(holder, cx.cfg.call_timeout); !started) {
    return start_trouble(cx, t, started.error(),
                         init_error + "cannot start the task network namespace: ", {});
  }
  auto info = cx.docker.inspect_container(holder, cx.cfg.call_timeout);
  if (!info) {
    return start_trouble(cx, t, info.error(), init_error, {});
  }
  auto addr = holder_address(*info, *net);
  auto eni = make_eni_id(cx.ids);
  now = cx.clk.now();
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    if (r.last_status != task_status::provisioning) {
      return false;
    }
    attach_eni(r, addr, eni);
    return task::advance(r, task_status::pending, now);
  });
  return again_now();
}

step_outcome pull_images(context& cx, const snapshot& s) {
  const auto& t = s.task;
  double pull_started = cx.clk.now();
  std::map<std::string, resolved_image> by_reference;
  for (const auto& c : t.containers) {
    if (by_reference.contains(c.image)) {
      continue;
    }
    auto r = resolve_image(cx.docker, c.image, cx.cfg.call_timeout, cx.cfg.pull_timeout);
    if (r.failure == image_failure::docker_unreachable) {
      return start_trouble(cx, t, docker::error{0, r.message}, "", {});
    }
    if (r.failure == image_failure::pull_failed) {
      auto reason = "CannotPullContainerError: " + r.message;
      double stopped = cx.clk.now();
      mutate_task(cx.db, t.arn, [&](store::task_record& rec) {
        rec.pull_started_at = pull_started;
        rec.pull_stopped_at = stopped;
        return true;
      });
      std::set<std::string> affected;
      for (const auto& other : t.containers) {
        if (other.image == c.image) {
          affected.insert(other.name);
        }
      }
      return fail_to_start(cx, t.arn, reason, affected);
    }
    by_reference[c.image] = r.image;
  }
  if (auto v = create_task_volumes(cx, t, s.definition); !v) {
    return start_trouble(cx, t, v.error(),
                         "ResourceInitializationError: cannot create volume: ", {});
  }
  docker_reachable(cx, t.arn);
  double pull_stopped = cx.clk.now();
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    if (r.last_status != task_status::pending) {
      return false;
    }
    r.pull_started_at = pull_started;
    for (auto& c : r.containers) {
      if (auto it = by_reference.find(c.image); it != by_reference.end()) {
        c.image_digest = it->second.digest;
        r.runtime.images[c.name] = it->second.local;
      }
    }
    r.runtime.activating_at = pull_stopped;
    return task::advance(r, task_status::activating, pull_stopped);
  });
  return again_now();
}

// Docker's NetworkMode for the task's containers.
std::string network_mode_of(const store::task_record& t) {
  switch (t.network_mode) {
    case network_mode::awsvpc:
      return "container:" + t.runtime.holder_id;
    case network_mode::host:
    case network_mode::none:
      return std::string(to_string(t.network_mode));
    case network_mode::bridge:
      break;
  }
  return t.runtime.network.empty() ? "bridge" : t.runtime.network;
}

// Creates the containers that have no Docker container yet; records each id as soon as made.
step_outcome create_containers(context& cx, snapshot& s, std::uint64_t epoch) {
  auto& t = s.task;
  placement where;
  where.network_mode = network_mode_of(t);
  where.volume_sources = plan_volumes(t, s.definition).sources;
  where.region = t.region;
  where.host_cpus = cx.cfg.host_cpus;
  for (const auto& [k, v] : t.runtime.names) {
    where.docker_names[k] = v;
  }
  const auto& images = t.runtime.images;
  ensure_agent_tokens(cx, t);
  std::optional<std::map<std::string, container_secrets>> secrets;
  for (const auto& name : creation_order(s.definition)) {
    auto rec = std::find_if(t.containers.begin(), t.containers.end(),
                            [&](const auto& c) { return c.name == name; });
    if (rec == t.containers.end() || !rec->runtime_id.empty()) {
      continue;
    }
    if (reset_happened(cx, epoch)) {
      return {};
    }
    if (!secrets) {
      auto r = task_secrets(cx, s);
      if (auto* f = std::get_if<secret_failure>(&r)) {
        return fail_to_start(cx, t.arn, f->reason, all_names(t));
      }
      secrets = std::get<0>(std::move(r));
    }
    where.secrets = (*secrets)[name];
    auto image = images.find(name);
    where.image = image == images.end() ? rec->image : image->second;
    where.labels = task_labels(t, name, owner(cx.cfg));
    where.agent_env = agent_variables(cx, t, s.definition, name);
    if (t.network_mode == network_mode::bridge) {
      where.aliases = service_aliases(t, s.definition, name);
    }
    auto docker_name = docker_container_name(t, name, cx.ids);
    auto created = cx.docker.create_container(
        docker_name, container_create_config(t, s.definition, name, where), cx.cfg.call_timeout);
    if (!created) {
      return start_trouble(cx, t, created.error(), "CannotCreateContainerError: ", {name});
    }
    rec->runtime_id = *created;
    where.docker_names[name] = docker_name;
    mutate_task(cx.db, t.arn, [&](store::task_record& r) {
      for (auto& c : r.containers) {
        if (c.name == name) {
          c.runtime_id = *created;
        }
      }
      r.runtime.names[name] = docker_name;
      return true;
    });
  }
  return {};
}

struct observed {
  std::map<std::string, container_observation> by_name;
  std::optional<docker::error> trouble;
};

observed observe_all(context& cx, const store::task_record& t) {
  observed out;
  for (const auto& c : t.containers) {
    if (c.runtime_id.empty()) {
      continue;
    }
    auto info = cx.docker.inspect_container(c.runtime_id, cx.cfg.call_timeout);
    if (info) {
      out.by_name[c.name] = observe_container(*info);
    } else if (info.error().not_found()) {
      out.by_name[c.name] = vanished_container();
    } else {
      out.trouble = info.error();
      return out;
    }
  }
  return out;
}

struct dependency_ref {
  std::string container;
  std::string condition;
};

std::vector<dependency_ref> dependencies_of(const json* def) {
  std::vector<dependency_ref> out;
  if (def == nullptr) {
    return out;
  }
  for (const auto& d : def->value("dependsOn", json::array())) {
    out.push_back({d.value("containerName", ""), d.value("condition", "START")});
  }
  // Docker refuses to start a container linked to one that is not running.
  for (const auto& link : def->value("links", json::array())) {
    auto l = link.get<std::string>();
    out.push_back({l.substr(0, l.find(':')), "START"});
  }
  return out;
}

// Writes what the observations say; decides essential exits and RUNNING. True when the task is
// now to stop.
bool record_observations(context& cx, const snapshot& s, const observed& seen) {
  double now = cx.clk.now();
  auto saved = mutate_task(cx.db, s.task.arn, [&](store::task_record& r) {
    bool changed = false;
    for (auto& c : r.containers) {
      if (auto it = seen.by_name.find(c.name); it != seen.by_name.end()) {
        changed |= apply_observation(c, it->second);
      }
    }
    auto health = task_health(r, s.definition);
    if (health != r.health_status) {
      r.health_status = health;
      changed = true;
    }
    if (r.desired_status == task_status::stopped) {
      return changed;
    }
    bool essential_exited = false;
    bool all_essential_running = true;
    for (const auto& c : r.containers) {
      if (!c.essential) {
        continue;
      }
      essential_exited |= c.last_status == container_status::stopped;
      all_essential_running &= c.last_status == container_status::running;
    }
    if (essential_exited) {
      task::request_stop(r, stop_code::essential_container_exited,
                         "Essential container in task exited");
      return true;
    }
    if (all_essential_running && r.last_status == task_status::activating) {
      return task::advance(r, task_status::running, now);
    }
    return changed;
  });
  return saved && saved->desired_status == task_status::stopped;
}

step_outcome activate(context& cx, snapshot& s, std::uint64_t epoch) {
  auto& t = s.task;
  if (auto made = create_containers(cx, s, epoch); made.again || made.wake_at > 0) {
    return made;
  }
  if (reset_happened(cx, epoch)) {
    return {};
  }
  step_outcome out;
  double activating_at = t.runtime.activating_at > 0 ? t.runtime.activating_at : t.created_at;
  for (int round = 0; round < 16; ++round) {
    auto seen = observe_all(cx, t);
    if (seen.trouble) {
      return wait_until(cx.clk.now() + docker_retry_seconds);
    }
    bool started_any = false;
    for (const auto& c : t.containers) {
      auto self = seen.by_name.find(c.name);
      if (self == seen.by_name.end() || !self->second.exists || self->second.started) {
        continue;
      }
      const json* def = find_container_definition(s.definition, c.name);
      bool ready = true;
      for (const auto& dep : dependencies_of(def)) {
        auto other = seen.by_name.find(dep.container);
        auto state = other == seen.by_name.end() ? dependency::waiting
                                                 : dependency_state(dep.condition, other->second);
        if (state == dependency::impossible) {
          return fail_to_start(cx, t.arn,
                               "CannotStartContainerError: container " + c.name + " depends on " +
                                   dep.container + " reaching " + dep.condition +
                                   ", which it can no longer reach",
                               {});
        }
        if (state == dependency::waiting) {
          ready = false;
          const json* dep_def = find_container_definition(s.definition, dep.container);
          if (dep_def != nullptr && dep_def->contains("startTimeout")) {
            double deadline = activating_at + (*dep_def)["startTimeout"].get<double>();
            if (cx.clk.now() >= deadline) {
              return fail_to_start(cx, t.arn,
                                   "CannotStartContainerError: container " + dep.container +
                                       " did not reach " + dep.condition + " within its " +
                                       "startTimeout, so " + c.name + " cannot start",
                                   {});
            }
            out.wake_at = out.wake_at == 0 ? deadline : std::min(out.wake_at, deadline);
          }
        }
      }
      if (!ready) {
        continue;
      }
      if (reset_happened(cx, epoch)) {
        return {};
      }
      auto logs = open_awslogs(cx, t, s.definition, c);
      if (logs.failure) {
        return fail_to_start(cx, t.arn, *logs.failure, {c.name});
      }
      if (auto started = cx.docker.start_container(c.runtime_id, cx.cfg.call_timeout); !started) {
        return start_trouble(cx, t, started.error(), "CannotStartContainerError: ", {c.name});
      }
      if (logs.capture) {
        follow_awslogs(cx, c.runtime_id);
      }
      started_any = true;
    }
    if (!started_any) {
      docker_reachable(cx, t.arn);
      if (record_observations(cx, s, seen)) {
        return again_now();
      }
      return out;
    }
  }
  return again_now();
}

int stop_timeout_of(const json& definition, const std::string& name) {
  const json* def = find_container_definition(definition, name);
  if (def != nullptr && def->contains("stopTimeout") && (*def)["stopTimeout"].is_number()) {
    return (*def)["stopTimeout"].get<int>();
  }
  return default_stop_timeout;
}

// The task is to stop: each running container gets its stop signal, then SIGKILL once its
// stopTimeout has passed. Signals rather than `docker stop`, so that no worker thread sits out a
// grace period: the die events (or the deadline) bring the task back here.
step_outcome stop_containers(context& cx, const snapshot& s) {
  const auto& t = s.task;
  auto seen = observe_all(cx, t);
  if (seen.trouble) {
    return wait_until(cx.clk.now() + docker_retry_seconds);
  }
  double now = cx.clk.now();
  auto kill_at = t.runtime.kill_at;
  bool new_deadlines = false;
  double wake = 0;
  bool any_running = false;
  for (const auto& c : t.containers) {
    auto it = seen.by_name.find(c.name);
    if (it == seen.by_name.end() || !it->second.running) {
      continue;
    }
    any_running = true;
    if (!kill_at.contains(c.name)) {
      auto signal = it->second.stop_signal.empty() ? "SIGTERM" : it->second.stop_signal;
      (void)cx.docker.kill_container(c.runtime_id, signal, cx.cfg.call_timeout);
      kill_at[c.name] = now + stop_timeout_of(s.definition, c.name);
      new_deadlines = true;
    } else if (now >= kill_at[c.name]) {
      (void)cx.docker.kill_container(c.runtime_id, "SIGKILL", cx.cfg.call_timeout);
    }
    double deadline = kill_at[c.name];
    // After SIGKILL, look again shortly in case the die event is lost.
    double next = deadline > now ? deadline : now + 1;
    wake = wake == 0 ? next : std::min(wake, next);
  }
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    bool changed = new_deadlines;
    if (new_deadlines) {
      r.runtime.kill_at = kill_at;
    }
    for (auto& c : r.containers) {
      if (auto it = seen.by_name.find(c.name); it != seen.by_name.end()) {
        changed |= apply_observation(c, it->second);
      }
    }
    if (!any_running) {
      for (auto& c : r.containers) {
        c.last_status = container_status::stopped;
      }
      task::advance(r, task_status::deprovisioning, now);
      changed = true;
    }
    return changed;
  });
  if (!any_running) {
    return again_now();
  }
  return wait_until(wake);
}

step_outcome deprovision(context& cx, const snapshot& s) {
  const auto& t = s.task;
  if (const auto& holder = t.runtime.holder_id; !holder.empty()) {
    auto removed = cx.docker.remove_container(holder, true, true, cx.cfg.call_timeout);
    if (!removed && removed.error().transport()) {
      return wait_until(cx.clk.now() + docker_retry_seconds);
    }
  }
  double now = cx.clk.now();
  mutate_task(cx.db, t.arn, [&](store::task_record& r) {
    if (r.last_status != task_status::deprovisioning) {
      return false;
    }
    for (auto& a : r.attachments) {
      a.status = "DELETED";
    }
    return task::advance(r, task_status::stopped, now);
  });
  return done();
}

// One step from wherever the task is told to stop, as the lifecycle's table allows: containers
// that may run are deactivated first, then stopped, then the task's resources released.
step_outcome stop(context& cx, const snapshot& s) {
  const auto& t = s.task;
  auto step_to = [&](task_status next) {
    double now = cx.clk.now();
    mutate_task(cx.db, t.arn, [&](store::task_record& r) { return task::advance(r, next, now); });
    return again_now();
  };
  switch (t.last_status) {
    case task_status::activating:
    case task_status::running:
      return step_to(task_status::deactivating);
    case task_status::provisioning:
    case task_status::pending:
    case task_status::deactivating:
      return step_to(task_status::stopping);
    case task_status::stopping:
      return stop_containers(cx, s);
    case task_status::deprovisioning:
      return deprovision(cx, s);
    case task_status::stopped:
      break;
  }
  return done();
}

step_outcome one_step(context& cx, const std::string& arn, std::uint64_t epoch,
                      std::optional<task_status>& desired) {
  auto s = load(cx, arn);
  if (!s) {
    return done();
  }
  desired = s->task.desired_status;
  if (s->task.last_status == task_status::stopped) {
    return done();
  }
  if (s->task.desired_status == task_status::stopped) {
    return stop(cx, *s);
  }
  switch (s->task.last_status) {
    case task_status::provisioning:
      return provision(cx, *s, epoch);
    case task_status::pending:
      return pull_images(cx, *s);
    case task_status::activating:
    case task_status::running:
      return activate(cx, *s, epoch);
    case task_status::deactivating:
    case task_status::stopping:
    case task_status::deprovisioning:
    case task_status::stopped:
      // Only a stop leads here, and a stop is handled above.
      break;
  }
  return {};
}

}  // namespace

step_outcome drive_task(context& cx, const std::string& arn) {
  auto epoch = cx.epoch.load();
  std::optional<task_status> desired;
  // Phases follow each other at once (a start is one step from PROVISIONING to RUNNING) unless
  // one waits for Docker or time; the bound only guards against a bug looping forever.
  for (int i = 0; i < 32; ++i) {
    auto out = one_step(cx, arn, epoch, desired);
    if (!out.again || reset_happened(cx, epoch)) {
      out.again = false;
      out.desired_seen = desired;
      return out;
    }
  }
  auto out = again_now();
  out.desired_seen = desired;
  return out;
}

}  // namespace minecs::reconcile
