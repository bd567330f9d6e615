// What each view loads, against a fake ECS.
import assert from "node:assert/strict";
import { test } from "node:test";

import { loadFamily, loadService, loadTask, NotFound } from "../../src/dashboard/www/js/data.js";

const DEF = "arn:aws:ecs:us-east-1:0:task-definition/web:2";

test("a service's tasks are its running and stopped ones, described once each", async () => {
  const calls = [];
  const call = async (service, op, input) => {
    calls.push([op, input]);
    if (op === "DescribeServices") {
      return { services: [{ serviceName: "web" }], failures: [] };
    }
    if (op === "ListTasks") {
      return { taskArns: input.desiredStatus === "RUNNING" ? ["t1", "t2"] : ["t2", "t3"] };
    }
    return { tasks: input.tasks.map((t) => ({ taskArn: t })) };
  };
  const { service, tasks } = await loadService(call, "demo", "web");
  assert.equal(service.serviceName, "web");
  assert.deepEqual(tasks.map((t) => t.taskArn), ["t1", "t2", "t3"]);
  const lists = calls.filter(([op]) => op === "ListTasks").map(([, i]) => i);
  assert.deepEqual(lists.map((i) => [i.serviceName, i.desiredStatus]),
    [["web", "RUNNING"], ["web", "STOPPED"]]);
});

test("a missing record is NotFound with ECS's reason", async () => {
  const call = async () => ({ services: [], failures: [{ arn: "x", reason: "MISSING" }] });
  await assert.rejects(loadService(call, "demo", "nope"),
    (e) => e instanceof NotFound && /MISSING/.test(e.message));
});

test("a task comes with its definition, read once", async () => {
  let describes = 0;
  const call = async (service, op) => {
    if (op === "DescribeTasks") {
      return { tasks: [{ taskArn: "t", taskDefinitionArn: DEF }], failures: [] };
    }
    describes += 1;
    return { taskDefinition: { family: "web", revision: 2, containerDefinitions: [] } };
  };
  const first = await loadTask(call, "demo", "t");
  const second = await loadTask(call, "demo", "t");
  assert.equal(first.definition.family, "web");
  assert.equal(second.definition.revision, 2);
  assert.equal(describes, 1);
});

test("a family lists its own revisions only, newest first, with their status", async () => {
  const call = async (service, op, input) => ({
    taskDefinitionArns: input.status === "ACTIVE" ?
      ["arn:x:task-definition/web:3", "arn:x:task-definition/web-api:9",
        "arn:x:task-definition/web:1"] :
      ["arn:x:task-definition/web:2"],
  });
  const revisions = await loadFamily(call, "web");
  assert.deepEqual(revisions.map((r) => [r.revision, r.status]),
    [[3, "ACTIVE"], [2, "INACTIVE"], [1, "ACTIVE"]]);
});
