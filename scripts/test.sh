#!/usr/bin/env bash
# The README's test command: installs what is missing, starts dockerd when none answers, checks
# the formatting (a drift ends the run before anything is built), builds once with
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs every test with ctest on that build:
# GoogleTest units, then end-to-end tests that drive the real minecs with boto3 and AWS CLI v2
# against the real Docker Engine, while clang-tidy lints src/ and the ThreadSanitizer build is
# made beside them. Then the unit tests of the threaded layers under ThreadSanitizer.
# The check that every public header compiles on its own is not here: it is part of every other
# build (scripts/build.sh, run.sh, the presets), where it costs seconds incrementally; here it was
# three minutes of the 25, on two cores already busy with the rest. MINECS_SKIP_LINT=1 skips the lint,
# MINECS_SKIP_TSAN=1 the ThreadSanitizer pass.
#
# One sanitized build serves both the unit and the end-to-end tests: on two cores a separate
# optimised build would cost about ten more minutes, and the end-to-end tests wait on Docker, not
# on minecs's speed. The benchmarks use the optimised build of scripts/build.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Where the run's time goes, against the 25-minute budget of the whole command.
phase() { echo "test.sh: $1 after ${SECONDS} s"; }

"$root/scripts/setup.sh" --test
"$root/scripts/ensure-dockerd.sh"
if [[ "${MINECS_SKIP_LINT:-0}" != "1" ]]; then
  # Seconds, and it needs nothing built.
  "$root/scripts/lint.sh" --format
fi

# Line tables only (-g1): sanitizer reports still name file and line, and the builds take about a
# quarter less time than with full debug information. Unity sources (CMakeLists.txt says why)
# take another three quarters off.
# One ctest entry per unit test executable (CMakeLists.txt says why).
sanitizer_build() {
  cmake -S "$root" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMINECS_SANITIZE="$2" \
    -DCMAKE_UNITY_BUILD=ON -DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DMINECS_UNIT_TESTS_PER_EXECUTABLE=ON -DMINECS_HEADER_CHECK_IN_ALL=OFF >/dev/null
  cmake --build "$1" --parallel "$(nproc)" ${3:+--target "$3"}
}
test_dir="${MINECS_TEST_BUILD_DIR:-$root/build-asan}"
phase "sanitized build"
sanitizer_build "$test_dir" address
"$root/scripts/make-test-image.sh"

# Tests that need Docker fail (rather than skip) when it is missing.
export MINECS_REQUIRE_DOCKER=1
status=0
phase "unit tests"
(cd "$test_dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --output-on-failure --parallel 2 --label-regex unit --timeout 600) || status=$?

# clang-tidy takes minutes of CPU, and so does the ThreadSanitizer build; the end-to-end tests
# mostly wait for Docker. They run beside them at the lowest priority, so they cost them little
# and the run little time. A finding fails the run.
lint_pid=""
if [[ "${MINECS_SKIP_LINT:-0}" != "1" ]]; then
  (
    renice -n 19 -p "$BASHPID" >/dev/null
    MINECS_BUILD_DIR="$test_dir" "$root/scripts/lint.sh" --tidy
  ) >"$test_dir/lint.log" 2>&1 &
  lint_pid=$!
fi
tsan_dir="$root/build-tsan"
tsan_pid=""
if [[ "${MINECS_SKIP_TSAN:-0}" != "1" ]]; then
  # Only the layers that run threads: the others would cost a build and find nothing new.
  mkdir -p "$tsan_dir"
  (
    renice -n 19 -p "$BASHPID" >/dev/null
    sanitizer_build "$tsan_dir" thread minecs_threaded_tests
  ) >"$tsan_dir/build.log" 2>&1 &
  tsan_pid=$!
fi
phase "end-to-end tests"
# The servers these tests start stop on SIGTERM without freeing what lives until exit (the
# Docker event stream's thread, the store); LeakSanitizer is for the unit tests above.
(cd "$test_dir" && ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --output-on-failure --parallel 2 --label-regex e2e --timeout 900) || status=$?
phase "end-to-end tests done; waiting for the lint"
if [[ -n "$lint_pid" ]] && ! wait "$lint_pid"; then
  echo "lint findings ($(grep -c 'error:' "$test_dir/lint.log" || true)):" >&2
  cat "$test_dir/lint.log" >&2
  status=1
fi

if [[ -n "$tsan_pid" ]]; then
  phase "ThreadSanitizer build (started beside the end-to-end tests)"
  if ! wait "$tsan_pid"; then
    cat "$tsan_dir/build.log" >&2
    status=1
  else
    phase "ThreadSanitizer tests"
    (cd "$tsan_dir" &&
      TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/tsan.supp" \
      ctest --output-on-failure --parallel 2 --label-regex threaded --timeout 600) || status=$?
  fi
fi
phase "done (status $status)"
exit $status
