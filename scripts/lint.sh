#!/usr/bin/env bash
# The house rules that a compiler does not check: every C++ file of src/, include/ and tests/ is
# formatted as .clang-format says and has no line over 100 columns, and clang-tidy (.clang-tidy)
# finds nothing in src/. The test command checks the formatting before it builds and runs
# clang-tidy beside its end-to-end tests. clang-tidy needs a configured build directory for
# compile_commands.json (scripts/build.sh makes one; MINECS_BUILD_DIR picks another).
#   scripts/lint.sh            both checks
#   scripts/lint.sh --format   only the formatting (seconds)
#   scripts/lint.sh --tidy     only clang-tidy (minutes: it parses every source with its headers;
#                              in a unity build, all of src/ as one unit, see lint_unit.py)
# Extra arguments after the mode are files to lint instead of the whole tree (in a build directory
# without unity sources, such as scripts/build.sh's).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build_dir="${MINECS_BUILD_DIR:-$root/build}"

mode="all"
if [[ "${1:-}" == "--format" || "${1:-}" == "--tidy" ]]; then
  mode="${1#--}"
  shift
fi

# Tracked files only, so build directories and editors' leftovers never count; a tarball without
# .git falls back to find.
cxx_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -- "$@" | grep -E '\.(cpp|hpp)$' || true
  else
    find "$@" -name '*.cpp' -o -name '*.hpp' | sort
  fi
}

status=0

if [[ "$mode" == "all" || "$mode" == "format" ]]; then
  if (($# > 0)); then
    files=("$@")
  else
    mapfile -t files < <(cxx_files src include tests)
  fi
  if ! clang-format --dry-run --Werror "${files[@]}"; then
    echo "lint: clang-format would change the files above; run clang-format -i on them" >&2
    status=1
  fi
  # clang-format cannot break a long string literal or URL; the limit holds for those too.
  if LC_ALL=C.UTF-8 grep -nE '^.{101,}' "${files[@]}"; then
    echo "lint: the lines above are over 100 columns" >&2
    status=1
  fi
fi

if [[ "$mode" == "all" || "$mode" == "tidy" ]]; then
  if [[ ! -f "$build_dir/compile_commands.json" ]]; then
    echo "lint: no $build_dir/compile_commands.json; configure first (scripts/build.sh)" >&2
    exit 2
  fi
  # Absolute, as compile_commands.json spells its paths.
  build_dir="$(cd "$build_dir" && pwd)"
  unity_checks=()
  merged=""
  if (($# > 0)); then
    sources=("$@")
  elif grep -q '/Unity/unity_' "$build_dir/compile_commands.json"; then
    # A unity build (the test command's): its unity sources of src/ hold every .cpp of src/, and
    # clang-tidy reports what it finds in the files they include (HeaderFilterRegex). Including
    # .cpp files is what a unity source is for.
    unity_checks=(--checks=-bugprone-suspicious-include)
    mapfile -t sources < <(grep -oE '"file": "[^"]*/CMakeFiles/[^"/]+/Unity/unity_[0-9]+_cxx\.cxx"' \
      "$build_dir/compile_commands.json" | sed -E 's/^"file": "(.*)"$/\1/' |
      grep -v "^$build_dir/tests/" | sort -u)
    # All of them as one unit (lint_unit.py says why): a fifth of the time.
    if python3 "$root/scripts/lint_unit.py" "$build_dir" "$build_dir/lint-unit"; then
      merged="$build_dir/lint-unit/lint_unit.cxx"
    fi
  else
    # Only src/: the tests follow the same rules but would double the time, and a finding in a
    # header they share with src/ is reported from src/ already.
    mapfile -t sources < <(cxx_files src | grep -E '\.cpp$')
  fi
  # -quiet and the filter keep the output to the findings.
  noise='^[0-9]+ warnings? (and [0-9]+ errors? )?(generated|treated as errors)\.$|^$'
  tidy=(clang-tidy -quiet --config-file="$root/.clang-tidy" "${unity_checks[@]}"
    --extra-arg=-Wno-unknown-warning-option)
  tidy_status=0
  if [[ -n "$merged" ]]; then
    findings="$build_dir/lint-unit/findings.txt"
    "${tidy[@]}" -p "$build_dir/lint-unit" "$merged" >"$findings" 2>&1 || tidy_status=1
    if grep -q 'clang-diagnostic-error' "$findings"; then
      # Two layers' file-local names or private headers collide in one unit: lint the sources
      # apart, where they compile as they do in the build.
      echo "lint: the sources of src/ do not compile as one unit; linting them one by one" >&2
      tidy_status=0
      merged=""
    else
      grep -vE "$noise" "$findings" >&2 || true
    fi
  fi
  # The sources are given explicitly, so the generated model sources in compile_commands.json are
  # not linted. One clang-tidy per core.
  if [[ -z "$merged" ]] && ! printf '%s\n' "${sources[@]}" |
    xargs -P "$(nproc)" -n 1 "${tidy[@]}" -p "$build_dir" 2> >(grep -vE "$noise" >&2); then
    tidy_status=1
  fi
  if ((tidy_status != 0)); then
    echo "lint: clang-tidy found the problems above" >&2
    status=1
  fi
fi

exit $status
