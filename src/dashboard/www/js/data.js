// What each view reads, through the ECS API alone, in as few calls as its limits allow.
import { describeInChunks, listAll } from "./api.js";
import { familyRevision } from "./format.js";

export class NotFound extends Error {}

// A Describe* answer's one record, or NotFound with the failure's reason (MISSING, ...).
function only(records, failures, what) {
  if (records.length === 0) {
    const reason = failures && failures[0] ? failures[0].reason : "MISSING";
    throw new NotFound(`${what}: ${reason}`);
  }
  return records[0];
}

export async function loadClusters(call) {
  const arns = await listAll(call, "ecs", "ListClusters", { maxResults: 100 }, "clusterArns");
  const clusters = await describeInChunks(call, "DescribeClusters", { include: ["STATISTICS"] },
    "clusters", arns, 100, "clusters");
  return clusters.sort((a, b) => a.clusterName.localeCompare(b.clusterName));
}

// The tasks of a cluster (of one service when `serviceName` is given): running ones and those
// stopped lately, which ECS still describes for a while.
export async function loadTasks(call, cluster, serviceName) {
  const arns = [];
  for (const desiredStatus of ["RUNNING", "STOPPED"]) {
    const input = { cluster, desiredStatus, maxResults: 100 };
    if (serviceName) {
      input.serviceName = serviceName;
    }
    arns.push(...await listAll(call, "ecs", "ListTasks", input, "taskArns"));
  }
  return describeInChunks(call, "DescribeTasks", { cluster }, "tasks", [...new Set(arns)], 100,
    "tasks");
}

export async function loadCluster(call, name) {
  const described = await call("ecs", "DescribeClusters",
    { clusters: [name], include: ["STATISTICS", "SETTINGS"] });
  const cluster = only(described.clusters || [], described.failures, `cluster ${name}`);
  const serviceArns = await listAll(call, "ecs", "ListServices",
    { cluster: name, maxResults: 100 }, "serviceArns");
  const services = await describeInChunks(call, "DescribeServices", { cluster: name },
    "services", serviceArns, 10, "services");
  services.sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  const tasks = await loadTasks(call, name);
  return { cluster, services, tasks };
}

export async function loadService(call, cluster, name) {
  const described = await call("ecs", "DescribeServices", { cluster, services: [name] });
  const service = only(described.services || [], described.failures, `service ${name}`);
  const tasks = await loadTasks(call, cluster, name);
  return { service, tasks };
}

// Task definitions never change once registered: one read each per page load and region.
const definitions = new Map();

export function forgetDefinitions() {
  definitions.clear();
}

export async function loadTaskDefinition(call, arn, include) {
  const key = `${arn}|${include ? "tags" : ""}`;
  if (!definitions.has(key)) {
    const input = { taskDefinition: arn };
    if (include) {
      input.include = ["TAGS"];
    }
    definitions.set(key, call("ecs", "DescribeTaskDefinition", input).catch((e) => {
      definitions.delete(key);
      throw e;
    }));
  }
  return definitions.get(key);
}

export async function loadTask(call, cluster, id) {
  const described = await call("ecs", "DescribeTasks", { cluster, tasks: [id] });
  const task = only(described.tasks || [], described.failures, `task ${id}`);
  let definition = null;
  try {
    definition = (await loadTaskDefinition(call, task.taskDefinitionArn)).taskDefinition;
  } catch {
    definition = null;  // deleted since: the task still shows, without its logs
  }
  return { task, definition };
}

export async function loadFamilies(call) {
  const families = await listAll(call, "ecs", "ListTaskDefinitionFamilies",
    { status: "ACTIVE", maxResults: 100 }, "families");
  return families.sort();
}

// A family's revisions, newest first, ACTIVE and INACTIVE (familyPrefix matches by prefix: the
// family's own are kept).
export async function loadFamily(call, family) {
  const revisions = [];
  for (const status of ["ACTIVE", "INACTIVE"]) {
    const arns = await listAll(call, "ecs", "ListTaskDefinitions",
      { familyPrefix: family, status, sort: "DESC", maxResults: 100 }, "taskDefinitionArns");
    for (const arn of arns) {
      const fr = familyRevision(arn);
      if (fr.family === family) {
        revisions.push({ arn, revision: fr.revision, status });
      }
    }
  }
  return revisions.sort((a, b) => b.revision - a.revision);
}

export async function loadRevision(call, family, revision) {
  const out = await loadTaskDefinition(call, `${family}:${revision}`, true);
  return { definition: out.taskDefinition, tags: out.tags || [] };
}
