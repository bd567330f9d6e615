#!/usr/bin/env bash
# Builds dist/minecs_<version>_amd64.deb: /usr/bin/minecs, /usr/bin/minecs-holder (minecs looks for
# the awsvpc holder beside itself), the minecs.service unit, the licence. The version is the CMake
# project's; Depends comes from dpkg-shlibdeps on the binary.
#
# MINECS_BUILD_DIR: a build directory whose minecs and minecs-holder are packaged as they are (the
# tests use the test build's); without it, build/ is configured and built optimised
# (RelWithDebInfo, as scripts/build.sh does). MINECS_DIST_DIR: where the .deb goes (dist/).
# MINECS_DEB_COMPRESSION: dpkg-deb's -Z (xz; the tests take none, as xz of their sanitized binary
# costs minutes on two cores).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/built_minecs.sh"
built_minecs package.sh "${MINECS_BUILD_DIR:-}"
arch="$(dpkg --print-architecture)"
dist="${MINECS_DIST_DIR:-$root/dist}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# dpkg-shlibdeps wants the debian/ layout of a source package around the files it reads.
pkg="$work/debian/minecs"
mkdir -p "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/usr/share/doc/minecs"
install -m 0755 "$build_dir/minecs" "$build_dir/minecs-holder" "$pkg/usr/bin/"
# Debug info is most of a RelWithDebInfo binary's size; a package ships without it.
strip --strip-unneeded "$pkg/usr/bin/minecs" "$pkg/usr/bin/minecs-holder"
install -m 0644 "$root/packaging/debian/minecs.service" "$pkg/lib/systemd/system/"
install -m 0644 "$root/packaging/debian/copyright" "$pkg/usr/share/doc/minecs/"
install -m 0755 "$root/packaging/debian/postinst" "$root/packaging/debian/prerm" \
  "$root/packaging/debian/postrm" "$pkg/DEBIAN/"

printf 'Source: minecs\n\nPackage: minecs\nArchitecture: %s\n' "$arch" >"$work/debian/control"
# minecs-holder is static: only minecs has shared libraries to depend on.
depends="$(cd "$work" && dpkg-shlibdeps -O debian/minecs/usr/bin/minecs 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || { echo "package.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

cat >"$pkg/DEBIAN/control" <<CONTROL
Package: minecs
Version: $version
Architecture: $arch
Maintainer: minecs developers <minecs@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
Depends: $depends, iptables, iproute2
Recommends: docker.io | docker-ce
Section: devel
Priority: optional
Description: local Amazon ECS-compatible control plane
 minecs serves the Amazon ECS, CloudWatch Logs, EC2, ELBv2, SSM, Secrets Manager, STS, IAM and
 ECR APIs on one local port and runs the tasks it is given on the local Docker Engine.
CONTROL

mkdir -p "$dist"
out="$dist/minecs_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${MINECS_DEB_COMPRESSION:-xz}" --build "$pkg" "$out" >/dev/null
echo "$out"
