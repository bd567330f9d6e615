// The page's addresses: every view has one, and an address round-trips through href and parse.
import assert from "node:assert/strict";
import { test } from "node:test";

import { href, parseRoute } from "../../src/dashboard/www/js/routes.js";

test("each view's address parses back to it", () => {
  assert.deepEqual(parseRoute(href.clusters()), { view: "clusters" });
  assert.deepEqual(parseRoute(""), { view: "clusters" });
  assert.deepEqual(parseRoute(href.cluster("demo")), { view: "cluster", cluster: "demo" });
  assert.deepEqual(parseRoute(href.service("demo", "web")),
    { view: "service", cluster: "demo", service: "web" });
  assert.deepEqual(parseRoute(href.task("demo", "0123abcd")),
    { view: "task", cluster: "demo", task: "0123abcd" });
  assert.deepEqual(parseRoute(href.families()), { view: "families" });
  assert.deepEqual(parseRoute(href.family("web")), { view: "family", family: "web" });
  assert.deepEqual(parseRoute(href.revision("web", 3)),
    { view: "revision", family: "web", revision: 3 });
});

test("names with reserved characters survive the round trip", () => {
  const odd = "a b/c#d?e%";
  assert.equal(href.cluster(odd), "#/clusters/a%20b%2Fc%23d%3Fe%25");
  assert.deepEqual(parseRoute(href.service(odd, odd)),
    { view: "service", cluster: odd, service: odd });
});

test("unknown or malformed addresses are not found, never a throw", () => {
  assert.equal(parseRoute("#/nope").view, "notFound");
  assert.equal(parseRoute("#/clusters/a/pets/b").view, "notFound");
  assert.equal(parseRoute("#/clusters/a/tasks/b/c").view, "notFound");
  assert.equal(parseRoute("#/task-definitions/web/latest").view, "notFound");
  assert.equal(parseRoute("#/clusters/%E0%A4%A").view, "notFound");
});
