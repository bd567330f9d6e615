#!/usr/bin/env bash
# Builds the image the tests and examples run, without a registry: Debian's static busybox with
# its applets as symlinks, imported into the local daemon.
# Usage: make-test-image.sh [--force] [NAME]   (NAME defaults to minecs-test/busybox:latest)
set -euo pipefail

force=0
name="minecs-test/busybox:latest"
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h | --help)
      sed -n '2,4p' "$0"
      exit 0
      ;;
    -*)
      echo "make-test-image: unknown option $arg" >&2
      exit 2
      ;;
    *) name="$arg" ;;
  esac
done

if [[ $force -eq 0 ]] && docker image inspect "$name" >/dev/null 2>&1; then
  echo "make-test-image: $name exists (use --force to rebuild)" >&2
  exit 0
fi

busybox=/bin/busybox
# The image has no libc, so only the static build works inside it; Debian's dynamic `busybox`
# package installs the same path.
if [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null || true) != "install ok installed" ]]; then
  echo "make-test-image: installing busybox-static" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends busybox-static
fi

rootfs=$(mktemp -d /tmp/minecs-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev}
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
# Everything in /bin, whatever directory busybox would choose, so that PATH lookups and the
# absolute paths task definitions use (/bin/sh, /bin/sleep) both work.
while read -r applet; do
  [[ -n $applet && $applet != busybox ]] || continue
  ln -sf busybox "$rootfs/bin/$applet"
done < <("$busybox" --list)
for required in sh sleep nc httpd wget; do
  if [[ ! -e $rootfs/bin/$required ]]; then
    echo "make-test-image: this busybox has no $required applet" >&2
    exit 1
  fi
done
cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP

tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -c . |
  docker import --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' - "$name" >/dev/null
echo "make-test-image: built $name" >&2
