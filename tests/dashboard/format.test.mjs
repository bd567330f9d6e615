// What the views derive from ECS records.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  awslogsStream, byNewest, circuitBreaker, counts, familyRevision, formatTime, hostPorts,
  lastPart, primaryDeployment, taskAddress, tone,
} from "../../src/dashboard/www/js/format.js";

const TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/demo/0123456789abcdef0123456789abcdef";

test("names come from the ARN's last part; a revision from after the colon", () => {
  assert.equal(lastPart(TASK_ARN), "0123456789abcdef0123456789abcdef");
  assert.equal(lastPart("arn:aws:ecs:us-east-1:0:cluster/demo"), "demo");
  assert.deepEqual(familyRevision("arn:aws:ecs:us-east-1:0:task-definition/web-app:12"),
    { family: "web-app", revision: 12 });
  assert.deepEqual(familyRevision("web"), { family: "web", revision: null });
});

test("ECS times are seconds and Logs times milliseconds", () => {
  const s = 1700000000.5;
  assert.equal(formatTime(s), formatTime(s * 1000, "ms"));
  assert.match(formatTime(s), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(formatTime(undefined), "");
  assert.equal(formatTime("not a time"), "not a time");
});

test("statuses get the tone of what they mean", () => {
  assert.equal(tone("RUNNING"), "ok");
  assert.equal(tone("COMPLETED"), "ok");
  assert.equal(tone("IN_PROGRESS"), "busy");
  assert.equal(tone("PROVISIONING"), "busy");
  assert.equal(tone("FAILED"), "bad");
  assert.equal(tone("UNHEALTHY"), "bad");
  assert.equal(tone("STOPPED"), "muted");
});

test("a task's address is its ENI's, else a container interface's", () => {
  const awsvpc = {
    attachments: [{ type: "ElasticNetworkInterface", details: [
      { name: "subnetId", value: "subnet-1" }, { name: "privateIPv4Address", value: "10.0.0.7" },
    ] }],
  };
  assert.equal(taskAddress(awsvpc), "10.0.0.7");
  const bridge = { containers: [{ networkInterfaces: [{ privateIpv4Address: "10.224.0.9" }] }] };
  assert.equal(taskAddress(bridge), "10.224.0.9");
  assert.equal(taskAddress({}), "");
});

test("host ports read as host→container/protocol", () => {
  assert.deepEqual(hostPorts({ networkBindings: [
    { bindIP: "0.0.0.0", hostPort: 32768, containerPort: 80, protocol: "tcp" },
    { containerPort: 53, protocol: "udp" },
  ] }), ["0.0.0.0:32768→80/tcp", "→53/udp"]);
  assert.deepEqual(hostPorts({}), []);
});

test("the awslogs stream is PREFIX/CONTAINER/TASK-ID, or the container id without a prefix", () => {
  const withPrefix = { logConfiguration: { logDriver: "awslogs", options: {
    "awslogs-group": "/ecs/demo", "awslogs-stream-prefix": "web", "awslogs-region": "eu-west-1",
  } } };
  const task = { taskArn: TASK_ARN };
  assert.deepEqual(awslogsStream(withPrefix, task, { name: "app" }), {
    group: "/ecs/demo", stream: "web/app/0123456789abcdef0123456789abcdef", region: "eu-west-1",
  });
  const noPrefix = { logConfiguration: { logDriver: "awslogs",
    options: { "awslogs-group": "/ecs/demo" } } };
  assert.equal(awslogsStream(noPrefix, task, { name: "app", runtimeId: "c0ffee" }).stream,
    "c0ffee");
  assert.equal(awslogsStream(noPrefix, task, { name: "app" }).stream, null);
  assert.equal(awslogsStream({ logConfiguration: { logDriver: "json-file" } }, task,
    { name: "app" }), null);
  assert.equal(awslogsStream(undefined, task, { name: "app" }), null);
});

test("services: the primary deployment, the circuit breaker and the counts", () => {
  const service = {
    runningCount: 1, desiredCount: 3, pendingCount: 2,
    deployments: [{ id: "a", status: "ACTIVE" }, { id: "b", status: "PRIMARY" }],
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  };
  assert.equal(primaryDeployment(service).id, "b");
  assert.equal(primaryDeployment({}), null);
  assert.equal(circuitBreaker(service), "on, with rollback");
  assert.equal(circuitBreaker({ deploymentConfiguration: {
    deploymentCircuitBreaker: { enable: true, rollback: false } } }), "on");
  assert.equal(circuitBreaker({}), "off");
  assert.equal(counts(service), "1/3 (2 pending)");
  assert.equal(counts({ runningCount: 2, desiredCount: 2 }), "2/2");
});

test("tasks list newest first by creation, started or not", () => {
  const tasks = [{ taskArn: "a", createdAt: 10, startedAt: 50 }, { taskArn: "b", createdAt: 30 },
    { taskArn: "c", createdAt: 20, startedAt: 25 }];
  assert.deepEqual(byNewest(tasks).map((t) => t.taskArn), ["b", "c", "a"]);
});
