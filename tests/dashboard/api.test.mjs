// The page calls minecs's API as an SDK does, and reads its errors and pages.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ApiError, describeInChunks, listAll, makeApi } from "../../src/dashboard/www/js/api.js";

function fakeFetch(answers, seen) {
  return async (url, init) => {
    seen.push({ url, init, body: JSON.parse(init.body) });
    const [status, body, headers = {}] = answers.shift();
    return {
      ok: status < 300, status, statusText: "x",
      headers: { get: (name) => headers[name] ?? null },
      text: async () => (typeof body === "string" ? body : JSON.stringify(body)),
    };
  };
}

test("an operation is a JSON 1.1 POST to / with its target", async () => {
  const seen = [];
  const call = makeApi(fakeFetch([[200, { clusterArns: ["a"] }]], seen));
  assert.deepEqual(await call("ecs", "ListClusters", { maxResults: 5 }), { clusterArns: ["a"] });
  assert.equal(seen[0].url, "/");
  assert.equal(seen[0].init.method, "POST");
  assert.equal(seen[0].init.headers["X-Amz-Target"],
    "AmazonEC2ContainerServiceV20141113.ListClusters");
  assert.equal(seen[0].init.headers["Content-Type"], "application/x-amz-json-1.1");
  assert.equal(seen[0].init.headers.Authorization, undefined);
  assert.deepEqual(seen[0].body, { maxResults: 5 });
});

test("a region is sent in a credential scope; the Logs target is CloudWatch Logs'", async () => {
  const seen = [];
  const call = makeApi(fakeFetch([[200, {}], [200, {}]], seen), () => "eu-west-1");
  await call("ecs", "ListClusters");
  await call("logs", "GetLogEvents", {}, "ap-south-1");
  assert.match(seen[0].init.headers.Authorization, /Credential=[^/]+\/\d{8}\/eu-west-1\/ecs\//);
  assert.equal(seen[1].init.headers["X-Amz-Target"], "Logs_20140328.GetLogEvents");
  assert.match(seen[1].init.headers.Authorization, /\/ap-south-1\/logs\/aws4_request/);
});

test("an AWS error rejects with its code", async () => {
  const seen = [];
  const call = makeApi(fakeFetch([
    [400, { __type: "com.amazonaws.logs#ResourceNotFoundException", message: "gone" }],
    [500, "not json", { "X-Amzn-ErrorType": "ServerException" }],
  ], seen));
  await assert.rejects(call("logs", "GetLogEvents"), (e) => e instanceof ApiError &&
    e.code === "ResourceNotFoundException" && e.status === 400 && /gone/.test(e.message));
  await assert.rejects(call("ecs", "ListClusters"), (e) => e.code === "ServerException");
});

test("listAll follows nextToken; describeInChunks keeps each call under its limit", async () => {
  const calls = [];
  const call = async (service, op, input) => {
    calls.push([op, input]);
    if (op === "ListServices") {
      return input.nextToken ? { serviceArns: ["c"] } : { serviceArns: ["a", "b"], nextToken: "t" };
    }
    return { services: input.services.map((s) => ({ serviceName: s })) };
  };
  const arns = await listAll(call, "ecs", "ListServices", { cluster: "x" }, "serviceArns");
  assert.deepEqual(arns, ["a", "b", "c"]);
  assert.deepEqual(calls[1][1], { cluster: "x", nextToken: "t" });
  const names = Array.from({ length: 23 }, (_, i) => `s${i}`);
  const out = await describeInChunks(call, "DescribeServices", { cluster: "x" }, "services",
    names, 10, "services");
  assert.equal(out.length, 23);
  assert.deepEqual(calls.slice(2).map(([, i]) => i.services.length), [10, 10, 3]);
});
