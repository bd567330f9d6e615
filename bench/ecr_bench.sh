#!/usr/bin/env bash
# docker push then pull of one image through minecs's ECR against the same docker-registry used
# directly (see bench/ecr_bench.py). Expects build/minecs (scripts/build.sh) and a Docker daemon
# (scripts/ensure-dockerd.sh starts one). Prints a markdown report and writes
# bench/results/ecr.md; extra arguments go to ecr_bench.py, e.g. bench/ecr_bench.sh --runs 5
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ ! -x "$root/build/minecs" ]; then
  echo "ecr_bench: $root/build/minecs not found; build it first: scripts/build.sh" >&2
  exit 2
fi
"$root/scripts/ensure-dockerd.sh"
exec python3 "$root/bench/ecr_bench.py" --minecs "$root/build/minecs" \
  --out "$root/bench/results/ecr.md" "$@"
