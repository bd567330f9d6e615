// Drives Debian's Chromium through the dashboard as a user does, for tests/e2e/test_dashboard.py:
// the cluster (by keyboard), its service, the service's task, and the task's log line; then a line
// put into the stream afterwards must appear without a reload; then the task's definition and its
// JSON, and another region's (empty) cluster list. Screenshots at 1280x800 and at a phone's size
// are written to the artifact directory.
//   node dashboard.mjs '{"endpoint": ..., "cluster": ..., "service": ..., "group": ...,
//                        "stream": ..., "line": ..., "artifacts": ...}'
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";

const args = JSON.parse(process.argv[2]);
const profile = mkdtempSync(join(tmpdir(), "minecs-chromium-"));
const TIMEOUT = 15000;

async function putLine(stream, message) {
  const res = await fetch(`${args.endpoint}/`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": "Logs_20140328.PutLogEvents",
    },
    body: JSON.stringify({
      logGroupName: args.group,
      logStreamName: stream,
      logEvents: [{ timestamp: Date.now(), message }],
    }),
  });
  if (!res.ok) {
    throw new Error(`PutLogEvents: ${res.status} ${await res.text()}`);
  }
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.MINECS_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
  timeout: 30000,
});
const problems = [];
try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") {
      problems.push(`console error: ${m.text()}`);
    }
  });
  // Nothing leaves minecs: every request the page makes goes to its own origin.
  page.on("request", (r) => {
    if (!r.url().startsWith(args.endpoint)) {
      problems.push(`request outside minecs: ${r.url()}`);
    }
  });

  // A browser at the root lands on the dashboard.
  await page.goto(`${args.endpoint}/`);
  if (!page.url().startsWith(`${args.endpoint}/_minecs/ui/`)) {
    throw new Error(`GET / led to ${page.url()}`);
  }
  await page.goto(`${args.endpoint}/_minecs/ui/?refresh=1000`);

  // Keyboard: the cluster's link is a real link, reached with Tab and followed with Enter.
  const clusterLink = page.getByRole("link", { name: args.cluster, exact: true });
  await clusterLink.waitFor();
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await clusterLink.evaluate((el) => el === document.activeElement);
  }
  if (!reached) {
    throw new Error("Tab never reached the cluster's link");
  }
  const outline = await clusterLink.evaluate((el) => getComputedStyle(el).outlineStyle);
  if (outline === "none") {
    throw new Error("the focused link shows no focus outline");
  }
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: args.cluster }).waitFor();

  await page.getByRole("link", { name: args.service, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: args.service }).waitFor();
  await page.getByRole("heading", { name: "Deployments" }).waitFor();
  await page.locator("table a.id").first().click();
  await page.getByRole("heading", { level: 1, name: /^Task / }).waitFor();

  const log = page.getByRole("log");
  await log.getByText(args.line).waitFor();
  // The stream the page follows is the one ECS names: PREFIX/CONTAINER/TASK-ID.
  const stream = await page.locator(".log-panel .stream").first().textContent();
  if (args.stream && stream !== args.stream) {
    throw new Error(`the page follows ${stream}, not ${args.stream}`);
  }
  // Its own per attempt: a run tried again finds the line an earlier one put.
  const later = `${args.line} (put later, run ${args.attempt ?? 0})`;
  await putLine(stream, later);
  await log.getByText(later).waitFor();

  const desktop = join(args.artifacts, "dashboard-task-1280x800.png");
  await page.screenshot({ path: desktop, fullPage: true });

  // A phone: the page itself never scrolls sideways (tables scroll in their own box).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) {
    throw new Error(`at 390 px wide the page scrolls sideways by ${overflow} px`);
  }
  const phone = join(args.artifacts, "dashboard-task-390x844.png");
  await page.screenshot({ path: phone, fullPage: true });

  // The task's definition, one link away: its revision's JSON.
  await page.locator("dl.facts a").first().click();
  await page.getByRole("heading", { level: 1, name: /:[0-9]+$/ }).waitFor();
  const definition = JSON.parse(await page.locator("pre.json").textContent());
  if (!definition.containerDefinitions || definition.containerDefinitions[0].name !== "app") {
    throw new Error(`the revision's JSON is not the definition: ${JSON.stringify(definition)}`);
  }

  // Another region: the page asks it, and this server has no cluster there.
  await page.getByLabel("Region").fill("eu-west-1");
  await page.getByLabel("Region").press("Enter");
  await page.getByText("No clusters in eu-west-1").waitFor();

  if (problems.length > 0) {
    throw new Error(problems.join("\n"));
  }
  console.log(JSON.stringify({ screenshots: [desktop, phone] }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
