// The page: reads the address, loads its view through minecs's API, shows it, and reloads it every
// few seconds (unless paused); a task's awslogs streams are followed beside it.
import { makeApi } from "./api.js";
import * as data from "./data.js";
import { h } from "./dom.js";
import { awslogsStream, formatTime } from "./format.js";
import { LogFollower } from "./logs.js";
import { parseRoute } from "./routes.js";
import * as views from "./views.js";

const params = new URLSearchParams(location.search);
// ?refresh=MS: a test or a slow machine sets its own period.
const REFRESH_MS = Math.max(500, Number(params.get("refresh")) || 5000);
const LOG_POLL_MS = Math.min(REFRESH_MS, 2000);
const MAX_LOG_LINES = 5000;

const main = document.getElementById("main");
const logsBox = document.getElementById("logs");
const updated = document.getElementById("updated");
const errorBox = document.getElementById("error");
const pauseButton = document.getElementById("pause");
const regionInput = document.getElementById("region");
let content = document.getElementById("content");

let region = localStorage.getItem("minecs.region") || "";
const call = makeApi((...args) => fetch(...args), () => region);

let generation = 0;  // one per navigation: an answer for an older page is dropped
let timer = null;
let paused = false;
const followers = new Map();  // container name → { follower, target, ui }
let taskStopped = false;  // of the task whose logs are followed

// What the page shows for a route: nodes, the document title, and whether it changes (a task
// definition's revision never does, so its JSON is not redrawn under a reader's selection).
async function render(route) {
  switch (route.view) {
    case "clusters":
      return {
        title: "Clusters",
        nodes: views.clustersView(await data.loadClusters(call), region),
      };
    case "cluster":
      return {
        title: route.cluster,
        nodes: views.clusterView(await data.loadCluster(call, route.cluster)),
      };
    case "service":
      return {
        title: `${route.service} · ${route.cluster}`,
        nodes: views.serviceView(await data.loadService(call, route.cluster, route.service),
          route.cluster),
      };
    case "task": {
      const loaded = await data.loadTask(call, route.cluster, route.task);
      return {
        title: `Task ${route.task}`,
        nodes: views.taskView(loaded, route.cluster),
        after: () => syncLogs(loaded),
      };
    }
    case "families":
      return {
        title: "Task definitions",
        nodes: views.familiesView(await data.loadFamilies(call)),
      };
    case "family":
      return {
        title: route.family,
        nodes: views.familyView(route.family, await data.loadFamily(call, route.family)),
      };
    case "revision":
      return {
        title: `${route.family}:${route.revision}`,
        nodes: views.revisionView(await data.loadRevision(call, route.family, route.revision)),
        still: true,
      };
    default:
      return { title: "Not found", nodes: views.notFoundView(`Nothing at #/${route.path}.`) };
  }
}

// What names a focused element across a redraw: its link, or its label.
function focusKey(el) {
  return el.getAttribute("href") || el.getAttribute("aria-label") || null;
}

function swap(nodes) {
  const active = document.activeElement;
  const key = active && content.contains(active) ? focusKey(active) : null;
  const fresh = h("div", { id: "content" }, nodes);
  content.replaceWith(fresh);
  content = fresh;
  if (key) {
    const again = [...fresh.querySelectorAll("[href], [aria-label]")]
      .find((el) => focusKey(el) === key);
    if (again) {
      again.focus({ preventScroll: true });
    }
  }
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

function schedule(still) {
  clearTimeout(timer);
  timer = null;
  if (!paused && !still) {
    timer = setTimeout(() => refresh(false), REFRESH_MS);
  }
}

async function refresh(navigated) {
  const mine = generation;
  const route = parseRoute(location.hash);
  let still = false;
  try {
    const page = await render(route);
    if (mine !== generation) {
      return;
    }
    still = Boolean(page.still);
    document.title = `${page.title} · minecs`;
    swap(page.nodes);
    if (page.after) {
      page.after();
    }
    showError("");
    updated.textContent = `Updated ${formatTime(Date.now(), "ms").slice(11)}`;
    if (navigated) {
      const heading = content.querySelector("h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    }
  } catch (e) {
    if (mine !== generation) {
      return;
    }
    if (e instanceof data.NotFound) {
      swap(views.notFoundView(e.message));
      still = false;
    } else {
      // The last good view stays; the banner says why it is not fresh.
      showError(`Could not load this page: ${e.message || e}`);
    }
  }
  schedule(still);
}

function stopFollowing() {
  for (const { follower } of followers.values()) {
    follower.stop();
  }
  followers.clear();
  logsBox.replaceChildren();
}

function logPanel(name, target) {
  const lines = h("pre", { className: "log", tabindex: "0", role: "log",
    "aria-label": `Log of ${name}` });
  const state = h("p", { className: "log-state muted" }, "Reading…");
  const where = h("p", { className: "log-where" }, h("code", {}, target.group), " / ",
    h("code", { className: "stream" }, target.stream || "(stream not known yet)"));
  const panel = h("section", { className: "log-panel", "data-container": name },
    h("h3", {}, name), where, state, lines);
  return { panel, lines, state, where };
}

// A follower per container that logs to awslogs, made once per page and kept across redraws.
function syncLogs({ task, definition }) {
  if (!definition) {
    return;
  }
  if (logsBox.childElementCount === 0) {
    logsBox.append(h("h2", {}, "Logs"));
  }
  // A stopped task's lines may still be on their way for a moment: it is read on, but said so.
  taskStopped = task.lastStatus === "STOPPED";
  let any = false;
  for (const c of task.containers || []) {
    const def = (definition.containerDefinitions || []).find((d) => d.name === c.name);
    const target = awslogsStream(def, task, c);
    if (!target) {
      continue;
    }
    any = true;
    const known = followers.get(c.name);
    if (known && (known.target.stream || !target.stream)) {
      continue;
    }
    if (known) {
      known.follower.stop();
      known.ui.panel.remove();
    }
    const ui = logPanel(c.name, target);
    const follower = new LogFollower({
      call,
      target,
      interval: LOG_POLL_MS,
      onEvents: (events) => appendLines(ui.lines, events),
      onState: (state, detail) => {
        const following = taskStopped ? "The task has stopped; its log so far." :
          "Following new lines.";
        ui.state.textContent = state === "following" ? following :
          `${state === "waiting" ? "Waiting" : "Error"}: ${detail}`;
      },
    });
    followers.set(c.name, { follower, target, ui });
    logsBox.append(ui.panel);
    if (!paused) {
      follower.start();
    }
  }
  if (!any && !logsBox.querySelector(".empty")) {
    logsBox.append(h("p", { className: "empty" },
      "No container of this task logs to awslogs."));
  }
}

function appendLines(pre, events) {
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  for (const e of events) {
    pre.append(h("span", { className: "line" },
      h("time", {}, formatTime(e.timestamp, "ms")), " ", e.message, "\n"));
  }
  while (pre.childElementCount > MAX_LOG_LINES) {
    pre.firstElementChild.remove();
  }
  if (atBottom) {
    pre.scrollTop = pre.scrollHeight;
  }
}

function markNav(route) {
  const section = ["families", "family", "revision"].includes(route.view) ? "task-definitions" :
    "clusters";
  for (const a of document.querySelectorAll("header nav a")) {
    if (a.dataset.section === section) {
      a.setAttribute("aria-current", "true");
    } else {
      a.removeAttribute("aria-current");
    }
  }
}

function navigate() {
  generation += 1;
  stopFollowing();
  showError("");
  markNav(parseRoute(location.hash));
  refresh(true);
}

pauseButton.addEventListener("click", () => {
  paused = !paused;
  pauseButton.setAttribute("aria-pressed", String(paused));
  pauseButton.textContent = paused ? "Resume updates" : "Pause updates";
  for (const { follower } of followers.values()) {
    if (paused) {
      follower.stop();
    } else {
      follower.start();
    }
  }
  if (paused) {
    schedule(true);
    updated.textContent = "Paused";
  } else {
    refresh(false);
  }
});

regionInput.value = region;
document.getElementById("region-form").addEventListener("submit", (event) => {
  event.preventDefault();
  region = regionInput.value.trim();
  localStorage.setItem("minecs.region", region);
  data.forgetDefinitions();  // "web:3" names another definition in another region
  if (location.hash === "" || location.hash === "#/") {
    navigate();
  } else {
    location.hash = "#/";
  }
});

document.getElementById("skip").addEventListener("click", () => main.focus());
window.addEventListener("hashchange", navigate);
navigate();
