#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and runs minecs in the foreground
# on 127.0.0.1:4566 with its state in .minecs-data/ (arguments are passed to minecs).
# MINECS_BIN names a minecs built already, which then runs instead of build/minecs without a
# build: the test of this script runs the test command's binary, as an optimised build of its
# own would add minutes to that command on two cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
binary="${MINECS_BIN:-}"
if [[ -z "$binary" ]]; then
  "$root/scripts/build.sh" -DMINECS_TESTS=OFF
  binary="$root/build/minecs"
fi
cd "$root"
exec "$binary" "$@"
