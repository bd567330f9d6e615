// Follows one awslogs stream as `aws logs tail --follow` does: reads it from the head, then asks
// again every few seconds from the forward token, handing each new event over once.

export class LogFollower {
  // call: api.js's call; target: { group, stream, region }; onEvents(events) gets new events in
  // order; onState(state, detail) hears "waiting" (no stream yet), "following" and "error".
  constructor({
    call, target, onEvents, onState = () => {}, interval = 2000, timers = globalThis,
  }) {
    this.call = call;
    this.target = target;
    this.onEvents = onEvents;
    this.onState = onState;
    this.interval = interval;
    this.timers = timers;
    this.token = null;
    this.timer = null;
    this.stopped = true;
    // One per start(): a read still under way from before a stop() and start() ends quietly
    // instead of running beside the new one (which would hand events over twice).
    this.run = 0;
  }

  start() {
    this.stop();
    this.stopped = false;
    this.run += 1;
    this.tick(this.run);
  }

  stop() {
    this.stopped = true;
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  async tick(run) {
    this.timer = null;
    try {
      await this.poll(run);
    } catch (e) {
      if (run !== this.run) {
        return;
      }
      if (e && e.code === "ResourceNotFoundException") {
        this.onState("waiting", "the log stream does not exist yet");
      } else {
        this.onState("error", String(e && e.message ? e.message : e));
      }
    }
    if (!this.stopped && run === this.run) {
      this.timer = this.timers.setTimeout(() => this.tick(run), this.interval);
    }
  }

  // Reads until the stream has nothing newer: CloudWatch Logs answers the same forward token
  // when a read reaches the end.
  async poll(run) {
    if (!this.target.stream) {
      this.onState("waiting", "the container has not started yet");
      return;
    }
    const current = () => !this.stopped && run === this.run;
    for (let page = 0; page < 50 && current(); page++) {
      const input = {
        logGroupName: this.target.group,
        logStreamName: this.target.stream,
        startFromHead: true,
      };
      if (this.token) {
        input.nextToken = this.token;
      }
      const out = await this.call("logs", "GetLogEvents", input, this.target.region || undefined);
      if (!current()) {
        return;
      }
      this.onState("following");
      const events = out.events || [];
      if (events.length > 0) {
        this.onEvents(events);
      }
      const same = out.nextForwardToken === this.token;
      this.token = out.nextForwardToken || this.token;
      if (events.length === 0 || same) {
        return;
      }
    }
  }
}
