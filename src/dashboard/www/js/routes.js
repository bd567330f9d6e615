// The page's addresses are fragments (#/clusters/NAME/...), so that every view is a link a user
// can bookmark, open in a new tab or reach with the keyboard, and minecs serves one page only.

const enc = encodeURIComponent;

export const href = {
  clusters: () => "#/",
  cluster: (cluster) => `#/clusters/${enc(cluster)}`,
  service: (cluster, service) => `#/clusters/${enc(cluster)}/services/${enc(service)}`,
  task: (cluster, taskId) => `#/clusters/${enc(cluster)}/tasks/${enc(taskId)}`,
  families: () => "#/task-definitions",
  family: (family) => `#/task-definitions/${enc(family)}`,
  revision: (family, revision) => `#/task-definitions/${enc(family)}/${enc(String(revision))}`,
};

// A fragment → { view, ...names }; an address the page does not know is { view: "notFound" }.
export function parseRoute(hash) {
  const path = (hash || "").replace(/^#/, "").replace(/^\/+|\/+$/g, "");
  if (path === "") {
    return { view: "clusters" };
  }
  let parts;
  try {
    parts = path.split("/").map(decodeURIComponent);
  } catch {
    return { view: "notFound", path };
  }
  const [head, a, kind, b, ...rest] = parts;
  if (head === "clusters" && a && !kind) {
    return { view: "cluster", cluster: a };
  }
  if (head === "clusters" && a && kind === "services" && b && rest.length === 0) {
    return { view: "service", cluster: a, service: b };
  }
  if (head === "clusters" && a && kind === "tasks" && b && rest.length === 0) {
    return { view: "task", cluster: a, task: b };
  }
  if (head === "task-definitions" && !a) {
    return { view: "families" };
  }
  if (head === "task-definitions" && a && !kind) {
    return { view: "family", family: a };
  }
  if (head === "task-definitions" && a && /^[0-9]+$/.test(kind || "") && !b) {
    return { view: "revision", family: a, revision: Number(kind) };
  }
  return { view: "notFound", path };
}
