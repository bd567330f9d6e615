#!/usr/bin/env bash
# Configures and builds minecs into build/ (the binary is build/minecs). Extra arguments go to
# the CMake configure step, e.g. -DMINECS_TESTS=OFF.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="${MINECS_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${MINECS_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
