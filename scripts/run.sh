#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and runs minecs in the foreground
# on 127.0.0.1:4566 with its state in .minecs-data/ (arguments are passed to minecs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" -DMINECS_TESTS=OFF
cd "$root"
exec "$root/build/minecs" "$@"
