#!/usr/bin/env bash
# Installs the Debian packages minecs needs to build (and, with --test, to run its tests).
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(g++ cmake ninja-build libboost1.81-dev nlohmann-json3-dev libsqlite3-dev libspdlog-dev
  libgtest-dev libgmock-dev libssl-dev)
# docker-registry (the reference distribution registry) is ECR's image store, which minecs runs
# itself on a loopback port: the package's own service is not wanted.
packages+=(docker-registry)
# dpkg-shlibdeps, which scripts/package.sh asks for the package's Depends.
packages+=(dpkg-dev)
if [[ "${1:-}" == "--test" ]]; then
  # awscli is AWS CLI v2 at /usr/bin/aws; busybox-static makes the test image; docker.io the engine;
  # docker-compose (1.29) runs docker/compose.yaml in the image test.
  # clang-format and clang-tidy (14) are scripts/lint.sh's.
  packages+=(docker.io docker-compose awscli busybox-static python3 wrk clang-format clang-tidy)
  # The dashboard's tests: node runs its front-end tests and, with playwright-core from npm
  # (tests/e2e/ui/, `npm ci` by the test), drives Debian's chromium; no browser is downloaded.
  # A nodejs of another origin may bring its own npm, which Debian's npm would conflict with.
  packages+=(chromium nodejs)
  if ! command -v npm >/dev/null; then packages+=(npm); fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "minecs setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [[ " ${missing[*]} " == *" docker-registry "* ]] && command -v systemctl >/dev/null &&
    [[ -d /run/systemd/system ]]; then
    $SUDO systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
fi
