#!/usr/bin/env bash
# Builds minecs-bench/keepalive:latest without a registry: the test image (busybox, for the
# shell the task's command runs in) with keepalive_httpd.c compiled statically beside it, at
# /bin/keepalive_httpd. Usage: make-image.sh [--force]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="minecs-bench/keepalive:latest"
if [[ ${1:-} != --force ]] && docker image inspect "$name" >/dev/null 2>&1; then
  exit 0
fi
"$here/../../scripts/make-test-image.sh"
context=$(mktemp -d /tmp/minecs-keepalive.XXXXXX)
trap 'rm -rf "$context"' EXIT
gcc -O2 -static -Wall -Wextra -o "$context/keepalive_httpd" "$here/keepalive_httpd.c"
printf 'FROM minecs-test/busybox:latest\nCOPY keepalive_httpd /bin/keepalive_httpd\n' \
  >"$context/Dockerfile"
docker build -q -t "$name" "$context" >/dev/null
echo "make-image: built $name" >&2
