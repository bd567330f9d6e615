// One function per page: the API's records in, DOM out. They read nothing and keep no state.
import { h } from "./dom.js";
import {
  byNewest, circuitBreaker, counts, familyRevision, formatTime, hostPorts, lastPart,
  primaryDeployment, taskAddress, tone,
} from "./format.js";
import { href } from "./routes.js";

const dash = "–";

function badge(status) {
  if (!status) {
    return h("span", { className: "muted" }, dash);
  }
  return h("span", { className: `badge ${tone(status)}` }, status);
}

function crumbs(...items) {
  const list = h("ol");
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    list.append(h("li", {}, last ? h("span", { "aria-current": "page" }, item[0]) :
      h("a", { href: item[1] }, item[0])));
  });
  return h("nav", { className: "crumbs", "aria-label": "Breadcrumb" }, list);
}

// A table that scrolls sideways on its own on a narrow screen, so the page never does.
function table(caption, columns, rows, empty) {
  if (rows.length === 0) {
    return h("p", { className: "empty" }, empty);
  }
  return h("div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h("table", {},
      h("caption", { className: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c)))))));
}

// Name/value pairs; an empty value is left out. ARNs take a row of their own.
function facts(pairs) {
  return h("dl", { className: "facts" }, pairs
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .map(([name, value]) => h("div", { className: /ARN|role/.test(name) ? "wide" : null },
      h("dt", {}, name), h("dd", {}, value))));
}

function section(title, ...content) {
  return h("section", {}, h("h2", {}, title), ...content);
}

function taskDefinitionLink(arn) {
  if (!arn) {
    return dash;
  }
  const { family, revision } = familyRevision(arn);
  return h("a", { href: href.revision(family, revision) }, `${family}:${revision}`);
}

function code(text) {
  return h("code", {}, text);
}

export function clustersView(clusters, region) {
  return [
    h("h1", {}, "Clusters"),
    table("Clusters", ["Cluster", "Status", "Services", "Running tasks", "Pending tasks"],
      clusters.map((c) => [
        h("a", { href: href.cluster(c.clusterName) }, c.clusterName),
        badge(c.status),
        String(c.activeServicesCount ?? 0),
        String(c.runningTasksCount ?? 0),
        String(c.pendingTasksCount ?? 0),
      ]),
      `No clusters in ${region || "the server's default region"} yet ` +
      "(aws ecs create-cluster makes one)."),
  ];
}

export function tasksTable(cluster, tasks, caption) {
  return table(caption, ["Task", "Last status", "Desired", "Health", "Task definition", "Started",
    "Group", "Stopped reason"],
  byNewest(tasks).map((t) => [
    h("a", { href: href.task(cluster, lastPart(t.taskArn)), className: "id" },
      lastPart(t.taskArn)),
    badge(t.lastStatus),
    t.desiredStatus || dash,
    t.healthStatus && t.healthStatus !== "UNKNOWN" ? badge(t.healthStatus) : dash,
    taskDefinitionLink(t.taskDefinitionArn),
    formatTime(t.startedAt) || dash,
    t.group || dash,
    t.stoppedReason || "",
  ]), "No tasks.");
}

export function clusterView({ cluster, services, tasks }) {
  const name = cluster.clusterName;
  return [
    crumbs(["Clusters", href.clusters()], [name]),
    h("h1", {}, name),
    facts([
      ["Status", badge(cluster.status)],
      ["Services", String(cluster.activeServicesCount ?? services.length)],
      ["Running tasks", String(cluster.runningTasksCount ?? 0)],
      ["Pending tasks", String(cluster.pendingTasksCount ?? 0)],
      ["ARN", code(cluster.clusterArn)],
    ]),
    section("Services", table("Services", ["Service", "Status", "Tasks (running/desired)",
      "Rollout", "Task definition", "Launch type"],
    services.map((s) => {
      const primary = primaryDeployment(s);
      return [
        h("a", { href: href.service(name, s.serviceName) }, s.serviceName),
        badge(s.status),
        counts(s),
        primary ? badge(primary.rolloutState) : dash,
        taskDefinitionLink(s.taskDefinition),
        s.launchType || (s.capacityProviderStrategy || []).map((c) => c.capacityProvider)
          .join(", ") || dash,
      ];
    }), "No services.")),
    section("Tasks", tasksTable(name, tasks, "Tasks")),
  ];
}

function deploymentsTable(service) {
  return table("Deployments", ["Deployment", "Status", "Rollout", "Task definition",
    "Desired", "Pending", "Running", "Failed", "Updated"],
  (service.deployments || []).map((d) => [
    h("span", { className: "id" }, d.id),
    badge(d.status),
    h("span", {}, badge(d.rolloutState),
      d.rolloutStateReason ? h("span", { className: "reason" }, " ", d.rolloutStateReason) : ""),
    taskDefinitionLink(d.taskDefinition),
    String(d.desiredCount ?? 0),
    String(d.pendingCount ?? 0),
    String(d.runningCount ?? 0),
    String(d.failedTasks ?? 0),
    formatTime(d.updatedAt || d.createdAt),
  ]), "No deployments.");
}

export function serviceView({ service, tasks }, cluster) {
  const dc = service.deploymentConfiguration || {};
  const awsvpc = service.networkConfiguration && service.networkConfiguration.awsvpcConfiguration;
  return [
    crumbs(["Clusters", href.clusters()], [cluster, href.cluster(cluster)],
      [service.serviceName]),
    h("h1", {}, service.serviceName),
    facts([
      ["Status", badge(service.status)],
      ["Tasks (running/desired)", counts(service)],
      ["Task definition", taskDefinitionLink(service.taskDefinition)],
      ["Launch type", service.launchType || ""],
      ["Scheduling", service.schedulingStrategy || ""],
      ["Circuit breaker", circuitBreaker(service)],
      ["Min / max percent", dc.minimumHealthyPercent !== undefined ?
        `${dc.minimumHealthyPercent}% / ${dc.maximumPercent}%` : ""],
      ["Subnets", awsvpc ? (awsvpc.subnets || []).join(", ") : ""],
      ["Load balancers", (service.loadBalancers || []).map((lb) =>
        `${lastPart(lb.targetGroupArn || lb.loadBalancerName || "")} → ` +
        `${lb.containerName}:${lb.containerPort}`).join("; ")],
      ["Created", formatTime(service.createdAt)],
      ["ARN", code(service.serviceArn)],
    ]),
    section("Deployments", deploymentsTable(service)),
    section("Tasks", tasksTable(cluster, tasks, "Tasks of the service")),
    section("Events", (service.events || []).length === 0 ? h("p", { className: "empty" },
      "No events.") :
      h("ol", { className: "events" }, (service.events || []).slice(0, 50).map((e) =>
        h("li", {}, h("time", {}, formatTime(e.createdAt)), " ", e.message)))),
  ];
}

export function taskView({ task, definition }, cluster) {
  const id = lastPart(task.taskArn);
  const group = task.group || "";
  const serviceName = group.startsWith("service:") ? group.slice(8) : "";
  return [
    crumbs(["Clusters", href.clusters()], [cluster, href.cluster(cluster)],
      ...(serviceName ? [[serviceName, href.service(cluster, serviceName)]] : []), [`Task ${id}`]),
    h("h1", {}, "Task ", h("span", { className: "id" }, id)),
    facts([
      ["Last status", badge(task.lastStatus)],
      ["Desired status", task.desiredStatus],
      ["Health", task.healthStatus ? badge(task.healthStatus) : ""],
      ["Task definition", taskDefinitionLink(task.taskDefinitionArn)],
      ["Launch type", task.launchType || ""],
      ["Group", group],
      ["Address", taskAddress(task)],
      ["CPU / memory",
        task.cpu || task.memory ? `${task.cpu || dash} / ${task.memory || dash}` : ""],
      ["Created", formatTime(task.createdAt)],
      ["Started", formatTime(task.startedAt)],
      ["Stopped", formatTime(task.stoppedAt)],
      ["Stop code", task.stopCode || ""],
      ["Stopped reason", task.stoppedReason || ""],
      ["ARN", code(task.taskArn)],
    ]),
    section("Containers", table("Containers", ["Container", "Image", "Status", "Health",
      "Exit code", "Reason", "Ports", "Address", "Runtime id"],
    (task.containers || []).map((c) => [
      c.name,
      h("span", { className: "image" }, c.image || dash),
      badge(c.lastStatus),
      c.healthStatus && c.healthStatus !== "UNKNOWN" ? badge(c.healthStatus) : dash,
      c.exitCode !== undefined && c.exitCode !== null ? String(c.exitCode) : dash,
      c.reason || "",
      hostPorts(c).join(", ") || dash,
      (c.networkInterfaces || []).map((n) => n.privateIpv4Address).filter(Boolean).join(", ") ||
        dash,
      c.runtimeId ? h("span", { className: "id", title: c.runtimeId }, c.runtimeId.slice(0, 12)) :
        dash,
    ]), "No containers.")),
    definition ? "" : h("p", { className: "empty" }, "The task definition is gone: no logs."),
  ];
}

export function familiesView(families) {
  return [
    h("h1", {}, "Task definitions"),
    families.length === 0 ? h("p", { className: "empty" }, "No active task definition families.") :
      h("ul", { className: "families" }, families.map((f) =>
        h("li", {}, h("a", { href: href.family(f) }, f)))),
  ];
}

export function familyView(family, revisions) {
  return [
    crumbs(["Task definitions", href.families()], [family]),
    h("h1", {}, family),
    table("Revisions", ["Revision", "Status", "ARN"], revisions.map((r) => [
      h("a", { href: href.revision(family, r.revision) }, `${family}:${r.revision}`),
      badge(r.status),
      code(r.arn),
    ]), "No revisions."),
  ];
}

export function revisionView({ definition, tags }) {
  const d = definition;
  return [
    crumbs(["Task definitions", href.families()], [d.family, href.family(d.family)],
      [`Revision ${d.revision}`]),
    h("h1", {}, `${d.family}:${d.revision}`),
    facts([
      ["Status", badge(d.status)],
      ["Network mode", d.networkMode || "bridge"],
      ["Compatibilities", (d.requiresCompatibilities || d.compatibilities || []).join(", ")],
      ["CPU / memory", d.cpu || d.memory ? `${d.cpu || dash} / ${d.memory || dash}` : ""],
      ["Task role", d.taskRoleArn ? h("code", {}, d.taskRoleArn) : ""],
      ["Execution role", d.executionRoleArn ? h("code", {}, d.executionRoleArn) : ""],
      ["Registered", formatTime(d.registeredAt)],
      ["Tags", (tags || []).map((t) => `${t.key}=${t.value}`).join(", ")],
    ]),
    section("Containers", table("Container definitions", ["Container", "Image", "Essential",
      "Ports", "Log driver"],
    (d.containerDefinitions || []).map((c) => [
      c.name,
      h("span", { className: "image" }, c.image),
      c.essential === false ? "no" : "yes",
      (c.portMappings || []).map((p) =>
        `${p.hostPort !== undefined ? `${p.hostPort}→` : ""}${p.containerPort}/` +
        `${p.protocol || "tcp"}`).join(", ") || dash,
      c.logConfiguration ? c.logConfiguration.logDriver : dash,
    ]), "No containers.")),
    section("JSON", h("pre", { className: "json", tabindex: "0", "aria-label": "JSON" },
      JSON.stringify(d, null, 2))),
  ];
}

export function notFoundView(message) {
  return [
    crumbs(["Clusters", href.clusters()], ["Not found"]),
    h("h1", {}, "Not found"),
    h("p", {}, message),
  ];
}
