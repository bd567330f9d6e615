#!/usr/bin/env bash
# A 10-task service's time to a steady state and a 10-task rolling update, minecs against the
# same with `docker run -d` (see bench/service_bench.py).
# Expects build/minecs, or the binary MINECS_BIN names (this script builds nothing), and a Docker
# daemon (started by scripts/ensure-dockerd.sh if need be; the test image is imported by
# scripts/make-test-image.sh). Prints a markdown report and writes bench/results/services.md;
# progress goes to stderr. Extra arguments go to service_bench.py, e.g.
#   bench/service_bench.sh --repeats 1 --tasks 5
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${MINECS_BIN:-$root/build/minecs}"

if [ ! -x "$bin" ]; then
  echo "service_bench: $bin not found; build it first: scripts/build.sh" >&2
  exit 2
fi
"$root/scripts/ensure-dockerd.sh"
"$root/scripts/make-test-image.sh"
exec python3 "$root/bench/service_bench.py" --minecs "$bin" \
  --out "$root/bench/results/services.md" "$@"
