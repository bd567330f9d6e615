#!/usr/bin/env bash
# API benchmark (ECS over JSON-1.1, EC2 over Query), minecs vs moto side by side in one run (see
# bench/api_bench.py).
# Expects build/minecs (build it first with scripts/build.sh; this script builds nothing).
# Prints a markdown table to stdout and writes bench/results/api.md; progress goes to stderr.
# Exits non-zero if minecs answered with errors. Extra arguments go to api_bench.py, e.g.
#   bench/api_bench.sh --minecs-seconds 5 --moto-seconds 3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v wrk >/dev/null 2>&1; then
  echo "api_bench: installing wrk" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >&2
fi
if [ ! -x "$root/build/minecs" ]; then
  echo "api_bench: $root/build/minecs not found; build it first: scripts/build.sh" >&2
  exit 2
fi
if ! python3 -c 'import moto.server' 2>/dev/null; then
  echo "api_bench: python3 cannot import moto.server (pip install 'moto[server]')" >&2
  exit 2
fi
exec python3 "$root/bench/api_bench.py" --minecs "$root/build/minecs" --out "$root/bench/results/api.md" "$@"
