#!/usr/bin/env bash
# The README's test command: installs what is missing, starts dockerd when none answers, checks
# the formatting (a drift ends the run before anything is built), builds, and runs every test
# with ctest: GoogleTest units, and end-to-end tests that drive the real build/minecs with boto3
# and AWS CLI v2 against the real Docker Engine, while clang-tidy lints src/ beside them. Then the
# unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer, and the unit tests of
# the threaded layers under ThreadSanitizer (skip both with MINECS_SKIP_SANITIZE=1, the lint
# with MINECS_SKIP_LINT=1).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh" --test
"$root/scripts/ensure-dockerd.sh"
build_dir="${MINECS_BUILD_DIR:-$root/build}"
# A fresh build directory (CI's) gets line tables only (-g1): about a quarter faster to build, and
# backtraces still name file and line. An existing one keeps whatever its developer chose.
build_args=()
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  build_args=(-DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")
fi
# The formatting check takes seconds and needs nothing built: drift ends the run at once.
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${MINECS_BUILD_TYPE:-RelWithDebInfo}" \
  "${build_args[@]}" >/dev/null
if [[ "${MINECS_SKIP_LINT:-0}" != "1" ]]; then
  "$root/scripts/lint.sh" --format
fi
"$root/scripts/build.sh"
"$root/scripts/make-test-image.sh"

# Tests that need Docker fail (rather than skip) when it is missing.
export MINECS_REQUIRE_DOCKER=1
status=0
# clang-tidy takes minutes of CPU, and the end-to-end tests mostly wait for Docker: it runs beside
# them at the lowest priority, so it costs them almost nothing and the run almost no time.
tidy_pid=""
if [[ "${MINECS_SKIP_LINT:-0}" != "1" ]]; then
  nice -n 19 "$root/scripts/lint.sh" --tidy >"$build_dir/clang-tidy.log" 2>&1 &
  tidy_pid=$!
fi
(cd "$build_dir" && ctest --output-on-failure --parallel 2 --timeout 900) || status=$?
if [[ -n "$tidy_pid" ]] && ! wait "$tidy_pid"; then
  cat "$build_dir/clang-tidy.log" >&2
  status=1
fi

if [[ "${MINECS_SKIP_SANITIZE:-0}" != "1" ]]; then
  # Line tables only (-g1): sanitizer reports still name file and line, and the builds take about
  # a quarter less time than with full debug information.
  sanitizer_build() {
    cmake -S "$root" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMINECS_SANITIZE="$2" \
      -DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 >/dev/null
    cmake --build "$1" --parallel "$(nproc)" --target "$3"
  }
  asan_dir="$root/build-asan"
  sanitizer_build "$asan_dir" address minecs_unit_tests
  (cd "$asan_dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --output-on-failure --parallel 2 --label-regex unit --timeout 600) || status=$?

  # Only the layers that run threads: the others would cost a build and find nothing new.
  tsan_dir="$root/build-tsan"
  sanitizer_build "$tsan_dir" thread minecs_threaded_tests
  (cd "$tsan_dir" &&
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/tsan.supp" \
    ctest --output-on-failure --parallel 2 --label-regex threaded --timeout 600) || status=$?
fi
exit $status
