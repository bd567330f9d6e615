// Following a log stream: every event once, in order, from the forward token; a missing stream
// is waited for.
import assert from "node:assert/strict";
import { test } from "node:test";

import { LogFollower } from "../../src/dashboard/www/js/logs.js";

// Timers the test fires by hand.
function manualTimers() {
  const pending = [];
  return {
    pending,
    setTimeout: (fn) => { pending.push(fn); return pending.length; },
    clearTimeout: () => { pending.length = 0; },
    async fire() {
      const fn = pending.shift();
      await fn();
    },
  };
}

// A stream as CloudWatch Logs serves it: pages of 2 from a token; the same token at the end.
function fakeLogs(stream) {
  const calls = [];
  const call = async (service, op, input, region) => {
    calls.push({ service, op, input, region });
    if (stream.missing) {
      const e = new Error("The specified log stream does not exist.");
      e.code = "ResourceNotFoundException";
      throw e;
    }
    const from = input.nextToken ? Number(input.nextToken.slice(2)) : 0;
    const events = stream.events.slice(from, from + 2);
    return { events, nextForwardToken: `f/${from + events.length}` };
  };
  return { calls, call };
}

test("reads from the head, then only what is new", async () => {
  const stream = { events: [1, 2, 3].map((i) => ({ timestamp: i, message: `line ${i}` })) };
  const { calls, call } = fakeLogs(stream);
  const timers = manualTimers();
  const got = [];
  const states = [];
  const f = new LogFollower({ call, target: { group: "g", stream: "s", region: "eu-west-1" },
    onEvents: (e) => got.push(...e.map((x) => x.message)),
    onState: (s) => states.push(s), timers });
  f.start();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ["line 1", "line 2", "line 3"]);
  assert.equal(calls[0].op, "GetLogEvents");
  assert.deepEqual(calls[0].input, { logGroupName: "g", logStreamName: "s", startFromHead: true });
  assert.equal(calls[0].region, "eu-west-1");
  assert.equal(timers.pending.length, 1);
  stream.events.push({ timestamp: 4, message: "line 4" });
  await timers.fire();
  assert.deepEqual(got, ["line 1", "line 2", "line 3", "line 4"]);
  await timers.fire();
  assert.equal(got.length, 4, "nothing twice");
  assert.ok(states.includes("following"));
  f.stop();
  assert.equal(timers.pending.length, 0);
});

test("a stream that does not exist yet is waited for", async () => {
  const stream = { missing: true, events: [] };
  const { call } = fakeLogs(stream);
  const timers = manualTimers();
  const states = [];
  const got = [];
  const f = new LogFollower({ call, target: { group: "g", stream: "s" },
    onEvents: (e) => got.push(...e), onState: (s) => states.push(s), timers });
  f.start();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(states, ["waiting"]);
  stream.missing = false;
  stream.events.push({ timestamp: 1, message: "hello" });
  await timers.fire();
  assert.equal(got.length, 1);
  f.stop();
});

test("without a stream name (container not started) nothing is asked", async () => {
  const { calls, call } = fakeLogs({ events: [] });
  const timers = manualTimers();
  const states = [];
  const f = new LogFollower({ call, target: { group: "g", stream: null }, onEvents: () => {},
    onState: (s) => states.push(s), timers });
  f.start();
  await new Promise((r) => setImmediate(r));
  assert.equal(calls.length, 0);
  assert.deepEqual(states, ["waiting"]);
  f.stop();
});

test("a pause and resume during a read hands nothing over twice", async () => {
  const stream = { events: [{ timestamp: 1, message: "one" }] };
  let release;
  const gate = new Promise((r) => { release = r; });
  const { call: read } = fakeLogs(stream);
  let first = true;
  const call = async (...a) => {
    if (first) {
      first = false;
      await gate;  // the first read is slow: the user pauses and resumes meanwhile
    }
    return read(...a);
  };
  const timers = manualTimers();
  const got = [];
  const f = new LogFollower({ call, target: { group: "g", stream: "s" },
    onEvents: (e) => got.push(...e.map((x) => x.message)), timers });
  f.start();
  f.stop();
  f.start();
  await new Promise((r) => setImmediate(r));
  release();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(got, ["one"]);
  assert.equal(timers.pending.length, 1, "one follower, one timer");
  f.stop();
});
