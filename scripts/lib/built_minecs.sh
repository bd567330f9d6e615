# Sourced by scripts/image.sh and scripts/package.sh: the minecs they ship.
#   built_minecs NAME DIR   sets version (CMakeLists.txt's project version) and build_dir: DIR
#                           when it holds a minecs (a test build ships as it is), else an
#                           optimised build made in DIR (default build/) with what it needs
#                           installed first. Exits when the binary is not of this version.
built_minecs() {
  local name="$1" dir="$2"
  version="$(sed -n 's/^project(minecs VERSION \([0-9][0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
  [ -n "$version" ] || { echo "$name: no version in CMakeLists.txt's project()" >&2; exit 1; }
  build_dir="${dir:-$root/build}"
  if [ ! -x "$build_dir/minecs" ]; then
    "$root/scripts/setup.sh"
    cmake -S "$root" -B "$build_dir" -G Ninja \
      -DCMAKE_BUILD_TYPE="${MINECS_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
    cmake --build "$build_dir" --parallel "$(nproc)" --target minecs minecs-holder
  fi
  local built
  built="$("$build_dir/minecs" --version)"
  [ "$built" = "minecs $version" ] || {
    echo "$name: $build_dir/minecs says '$built', CMakeLists.txt says $version" >&2
    exit 1
  }
}
