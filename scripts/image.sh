#!/usr/bin/env bash
# Builds the minecs image, minecs:latest and minecs:<version>, with no base image and no registry:
# docker/Dockerfile starts FROM scratch, and this script fills its context with minecs,
# minecs-holder (minecs looks for it beside itself), the programs minecs runs (ip; iptables and
# iptables-restore with their xtables modules; docker-registry for ECR when the build machine
# has it) and the shared libraries `ldd` lists for each, all copied from this Debian machine.
#
# Usage: image.sh [BUILD_DIR]
#   BUILD_DIR (or MINECS_BUILD_DIR): a build directory whose minecs and minecs-holder go in as
#   they are (the tests pass theirs); without one, build/ is configured and built optimised, as
#   scripts/build.sh does, after scripts/setup.sh installed what the build needs.
#   MINECS_IMAGE_NAME: the repository to tag (minecs). Prints the version tag it built.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="${MINECS_IMAGE_NAME:-minecs}"
build_dir="${1:-${MINECS_BUILD_DIR:-}}"

. "$root/scripts/lib/built_minecs.sh"
built_minecs image.sh "$build_dir"

context="$(mktemp -d /tmp/minecs-image.XXXXXX)"
trap 'rm -rf "$context"' EXIT
rootfs="$context/rootfs"
mkdir -p "$rootfs"/{usr/bin,usr/sbin,usr/lib,etc,data,run,tmp,proc,sys,dev}
chmod 1777 "$rootfs/tmp"
# The same merged-/usr layout as Debian 12, so that the paths ldd prints (/lib/...,
# /lib64/ld-linux-x86-64.so.2) and the ones inside the copied programs all resolve.
for dir in bin sbin lib lib64; do
  if [ -L "/$dir" ]; then
    ln -s "$(readlink "/$dir")" "$rootfs/$dir"
    mkdir -p "$rootfs/usr/$dir"
  else
    mkdir -p "$rootfs/$dir"
  fi
done

# Every program copied; their libraries are gathered at the end, in one ldd call.
loaded=()
install_program() { # SOURCE DESTINATION
  mkdir -p "$rootfs$(dirname "$2")"
  cp -L "$1" "$rootfs$2"
  chmod 0755 "$rootfs$2"
  loaded+=("$1")
}

install_program "$build_dir/minecs" /usr/bin/minecs
install_program "$build_dir/minecs-holder" /usr/bin/minecs-holder
# Debug info is most of the binary; the image ships without it.
strip --strip-unneeded "$rootfs/usr/bin/minecs" "$rootfs/usr/bin/minecs-holder"

# minecs runs `ip` (load balancers' addresses on task networks), `iptables` and
# `iptables-restore` (the 169.254.170.2 route, security groups) by name, from PATH.
ip="$(command -v ip || true)"
iptables="$(PATH="$PATH:/usr/sbin:/sbin" command -v iptables || true)"
for program in "$ip" "$iptables"; do
  [ -n "$program" ] || {
    echo "image.sh: needs ip (iproute2) and iptables on this machine to copy" >&2; exit 1; }
done
install_program "$ip" /usr/bin/ip
# iptables is one multi-call program (xtables-nft-multi or -legacy-multi, as this machine's
# alternative says) that acts by the name it is run as; its matches and targets are modules.
multi="$(readlink -f "$iptables")"
install_program "$multi" "/usr/sbin/$(basename "$multi")"
for link in iptables iptables-restore iptables-save; do
  ln -s "$(basename "$multi")" "$rootfs/usr/sbin/$link"
done
# Where the loader finds SONAME (ldconfig's cache of this machine).
cache="$(ldconfig -p)"
library_path() {
  awk -v so="$1" '!found && $1 == so && /x86-64/ { print $NF; found = 1 }' <<<"$cache"
}
xtables_lib="$(ldd "$multi" | sed -n 's/^[[:space:]]*\(libxtables[^ ]*\) => .*$/\1/p')"
modules="$(dirname "$(readlink -f "$(library_path "$xtables_lib")")")/xtables"
[ -d "$modules" ] || { echo "image.sh: no xtables modules at $modules" >&2; exit 1; }
mkdir -p "$rootfs$modules"
cp -a "$modules/." "$rootfs$modules/"
# ldd of each of the hundred-odd modules took most of a minute on a busy machine: the libraries
# they name come from one readelf, and the ldd below adds what those load in turn.
while read -r soname; do
  loaded+=("$(library_path "$soname")")
done < <(readelf -d "$modules"/*.so | sed -n 's/^.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort -u)
for file in /etc/protocols /etc/ethertypes; do
  if [ -e "$file" ]; then
    cp -L "$file" "$rootfs$file"
  fi
done

# ECR's image store is Debian's docker-registry (--registry-binary); without it the ECR API
# still answers and pushes fail, as on a host without the package.
registry=/usr/bin/docker-registry
if [ -x "$registry" ]; then
  install_program "$registry" "$registry"
else
  echo "image.sh: no $registry (Debian's docker-registry): the image's ECR keeps no images" >&2
fi

# The libraries all of them load and the dynamic loader, at the paths ldd gives (static programs
# have none: ldd says so and fails).
while read -r lib; do
  [ -e "$rootfs$lib" ] || { mkdir -p "$rootfs$(dirname "$lib")"; cp -L "$lib" "$rootfs$lib"; }
done < <({ ldd "${loaded[@]}" 2>/dev/null || true; } |
  sed -n -e 's/^.*=> \(\/[^ ]*\) (.*$/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (.*$/\1/p' | sort -u)

# root by name, for `docker exec` and anything that asks.
echo 'root:x:0:0:root:/root:/usr/sbin/nologin' >"$rootfs/etc/passwd"
echo 'root:x:0:' >"$rootfs/etc/group"
mkdir -p "$rootfs/usr/share/doc/minecs"
install -m 0644 "$root/LICENSE" "$rootfs/usr/share/doc/minecs/"
cp "$root/docker/Dockerfile" "$context/Dockerfile"

docker build --quiet --build-arg "VERSION=$version" -t "$name:latest" -t "$name:$version" \
  "$context" >/dev/null
size="$(docker image inspect --format '{{.Size}}' "$name:$version")"
echo "image.sh: built $name:latest and $name:$version ($((size / 1000000)) MB)" >&2
echo "$name:$version"
