#!/usr/bin/env bash
# The README's test command: installs what is missing, starts dockerd when none answers, builds,
# and runs every test with ctest: GoogleTest units, and end-to-end tests that drive the real
# build/minecs with boto3 and AWS CLI v2 against the real Docker Engine. Then the unit tests
# again under AddressSanitizer and UndefinedBehaviorSanitizer (skip with MINECS_SKIP_SANITIZE=1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh" --test
"$root/scripts/ensure-dockerd.sh"
# A fresh build directory (CI's) gets line tables only (-g1): about a quarter faster to build, and
# backtraces still name file and line. An existing one keeps whatever its developer chose.
if [[ ! -f "${MINECS_BUILD_DIR:-$root/build}/CMakeCache.txt" ]]; then
  "$root/scripts/build.sh" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
else
  "$root/scripts/build.sh"
fi
"$root/scripts/make-test-image.sh"

# Tests that need Docker fail (rather than skip) when it is missing.
export MINECS_REQUIRE_DOCKER=1
status=0
(cd "$root/build" && ctest --output-on-failure --parallel 2 --timeout 900) || status=$?

if [[ "${MINECS_SKIP_SANITIZE:-0}" != "1" ]]; then
  asan_dir="$root/build-asan"
  # Line tables only (-g1): sanitizer reports still name file and line, and the build takes about
  # a quarter less time than with full debug information.
  cmake -S "$root" -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMINECS_SANITIZE=ON \
    -DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 >/dev/null
  cmake --build "$asan_dir" --parallel "$(nproc)"
  (cd "$asan_dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --output-on-failure --parallel 2 --label-regex unit --timeout 600) || status=$?
fi
exit $status
