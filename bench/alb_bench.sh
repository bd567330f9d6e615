#!/usr/bin/env bash
# Requests/s and p50/p99 through a minecs ALB against the same wrk load sent straight to the task
# (see bench/alb_bench.py). Expects build/minecs (scripts/build.sh; this script builds nothing) and
# a Docker daemon (started by scripts/ensure-dockerd.sh if need be). Prints a markdown report and
# writes bench/results/alb.md; extra arguments go to alb_bench.py, e.g. --seconds 5 --repeats 1.
# With Debian's nginx installed (`apt-get install nginx-light`; optional, not installed here, as its
# package starts a server on port 80 where services start), a third path goes through nginx.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ ! -x "$root/build/minecs" ]; then
  echo "alb_bench: $root/build/minecs not found; build it first: scripts/build.sh" >&2
  exit 2
fi
"$root/scripts/ensure-dockerd.sh"
"$root/scripts/make-test-image.sh"
"$root/bench/keepalive/make-image.sh"
exec python3 "$root/bench/alb_bench.py" --minecs "$root/build/minecs" \
  --out "$root/bench/results/alb.md" "$@"
