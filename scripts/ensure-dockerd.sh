#!/usr/bin/env bash
# Makes sure a Docker daemon answers, installing and starting one if need be. Run as root on a
# Debian 12 host or container; idempotent, so scripts and CI can call it before every run.
set -euo pipefail

log_file="${MINECS_DOCKERD_LOG:-/tmp/minecs-dockerd.log}"
wait_seconds="${MINECS_DOCKERD_WAIT:-60}"

# Not pgrep: procps is absent from minimal Debian images.
dockerd_running() {
  local comm
  for comm in /proc/[0-9]*/comm; do
    if [[ $(cat "$comm" 2>/dev/null) == dockerd ]]; then
      return 0
    fi
  done
  return 1
}

answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

if answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "ensure-dockerd: docker.io is not installed and installing it needs root" >&2
    exit 1
  fi
  echo "ensure-dockerd: installing docker.io" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends docker.io ca-certificates iptables
fi

if answers; then
  exit 0
fi

start_dockerd() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "ensure-dockerd: dockerd is not running and starting it needs root" >&2
    exit 1
  fi
  echo "ensure-dockerd: starting dockerd, log in $log_file" >&2
  # setsid + nohup: the daemon must survive this script and the terminal or CI step that ran it.
  setsid nohup dockerd >"$log_file" 2>&1 </dev/null &
}

# A dockerd that runs but does not answer may be starting (an earlier call, the package's service)
# or shutting down: wait for it, and start ours only once none is left, so that two daemons never
# fight over the pid file.
started=0
for ((i = 0; i < wait_seconds; i++)); do
  if answers; then
    echo "ensure-dockerd: dockerd answers" >&2
    exit 0
  fi
  if ! dockerd_running; then
    if [[ $started -eq 1 ]]; then
      echo "ensure-dockerd: dockerd exited; last lines of $log_file:" >&2
      tail -n 30 "$log_file" >&2 || true
      exit 1
    fi
    start_dockerd
    started=1
  fi
  sleep 1
done

echo "ensure-dockerd: dockerd did not answer within ${wait_seconds}s" >&2
if [[ $started -eq 1 ]]; then
  tail -n 30 "$log_file" >&2 || true
fi
exit 1
