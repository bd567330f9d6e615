// What the views show, derived from the API's records: pure functions, tested with node --test.

// The last path part of an ARN: a cluster's or service's name, a task's id.
export function lastPart(arn) {
  const s = String(arn || "");
  return s.slice(s.lastIndexOf("/") + 1);
}

// "arn:...:task-definition/web:3" → { family: "web", revision: 3 }.
export function familyRevision(arn) {
  const last = lastPart(arn);
  const colon = last.lastIndexOf(":");
  if (colon < 0) {
    return { family: last, revision: null };
  }
  return { family: last.slice(0, colon), revision: Number(last.slice(colon + 1)) };
}

// ECS's timestamps are epoch seconds (fractions allowed); CloudWatch Logs' are milliseconds.
export function formatTime(value, unit = "s") {
  if (value === undefined || value === null || value === "") {
    return "";
  }
  const ms = typeof value === "number" ? (unit === "s" ? value * 1000 : value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    return String(value);
  }
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

// A colour for a status word, by what it means to someone watching: done well, under way, wrong.
export function tone(status) {
  const s = String(status || "").toUpperCase();
  if (["ACTIVE", "RUNNING", "HEALTHY", "COMPLETED", "PRIMARY", "SUCCESSFUL"].includes(s)) {
    return "ok";
  }
  if (["FAILED", "UNHEALTHY", "STOPPED_FAILED", "ROLLBACK_FAILED"].includes(s)) {
    return "bad";
  }
  if (["STOPPED", "INACTIVE", "DEPROVISIONING", "DRAINING", "UNKNOWN", "DELETED"].includes(s)) {
    return "muted";
  }
  return "busy";  // PROVISIONING, PENDING, ACTIVATING, IN_PROGRESS, STOPPING, ...
}

// A task's ENI address (awsvpc), else the first address of its containers' interfaces.
export function taskAddress(task) {
  for (const a of task.attachments || []) {
    if (a.type !== "ElasticNetworkInterface" && a.type !== "eni") {
      continue;
    }
    for (const d of a.details || []) {
      if (d.name === "privateIPv4Address" && d.value) {
        return d.value;
      }
    }
  }
  for (const c of task.containers || []) {
    for (const n of c.networkInterfaces || []) {
      if (n.privateIpv4Address) {
        return n.privateIpv4Address;
      }
    }
  }
  return "";
}

// "0.0.0.0:32768→80/tcp" per network binding of a container (bridge and host modes).
export function hostPorts(container) {
  return (container.networkBindings || []).map((b) => {
    const host = b.hostPort !== undefined ? `${b.bindIP || "0.0.0.0"}:${b.hostPort}` : "";
    return `${host}→${b.containerPort}/${b.protocol || "tcp"}`;
  });
}

// The awslogs stream of a task's container, as minecs (and ECS) names it: PREFIX/CONTAINER/TASK-ID
// with a stream prefix, else the container's id. null: the container does not log to awslogs.
export function awslogsStream(definition, task, container) {
  const options = definition && definition.logConfiguration &&
    definition.logConfiguration.logDriver === "awslogs" ?
    definition.logConfiguration.options || {} :
    null;
  if (!options || !options["awslogs-group"]) {
    return null;
  }
  const prefix = options["awslogs-stream-prefix"];
  let stream = null;
  if (prefix) {
    stream = `${prefix}/${container.name}/${lastPart(task.taskArn)}`;
  } else if (container.runtimeId) {
    stream = container.runtimeId;
  }
  return { group: options["awslogs-group"], stream, region: options["awslogs-region"] || "" };
}

// The primary deployment: the one whose status is PRIMARY (the newest during a rollout).
export function primaryDeployment(service) {
  return (service.deployments || []).find((d) => d.status === "PRIMARY") || null;
}

// The deployment circuit breaker of a service, as the console's one line says it.
export function circuitBreaker(service) {
  const cb = service.deploymentConfiguration &&
    service.deploymentConfiguration.deploymentCircuitBreaker;
  if (!cb || !cb.enable) {
    return "off";
  }
  return cb.rollback ? "on, with rollback" : "on";
}

// "running/desired" with pending when there is any: what the console's count column shows.
export function counts(x) {
  const running = x.runningCount ?? 0;
  const desired = x.desiredCount ?? 0;
  const pending = x.pendingCount ?? 0;
  return `${running}/${desired}` + (pending ? ` (${pending} pending)` : "");
}

// Newest first, as the console lists tasks: by creation time (a task that never started has one).
export function byNewest(tasks) {
  const t = (x) => x.createdAt || x.startedAt || x.stoppedAt || 0;
  return [...tasks].sort((a, b) => t(b) - t(a));
}
