#!/usr/bin/env bash
# Task start latency (minecs RunTask -> RUNNING vs `docker run -d`, bursts of 1, 10, 50) and the
# CPU minecs spends idling with 200 running tasks (see bench/task_bench.py).
# Expects build/minecs (build it first with scripts/build.sh; this script builds nothing) and a
# Docker daemon (started by scripts/ensure-dockerd.sh if need be; the test image is imported by
# scripts/make-test-image.sh). Prints a markdown report and writes bench/results/tasks.md;
# progress goes to stderr. Extra arguments go to task_bench.py, e.g.
#   bench/task_bench.sh --bursts 1,10 --idle-tasks 50 --idle-seconds 10
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ ! -x "$root/build/minecs" ]; then
  echo "task_bench: $root/build/minecs not found; build it first: scripts/build.sh" >&2
  exit 2
fi
"$root/scripts/ensure-dockerd.sh"
"$root/scripts/make-test-image.sh"
exec python3 "$root/bench/task_bench.py" --minecs "$root/build/minecs" \
  --out "$root/bench/results/tasks.md" "$@"
