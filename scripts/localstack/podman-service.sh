#!/usr/bin/env bash
# Serve podman's Docker-compatible REST API on a unix socket, for tools that speak the Docker API
# (dockerode, testcontainers, docker CLI with DOCKER_HOST=unix://...).
#   scripts/localstack/podman-service.sh start   # prints DOCKER_HOST=unix:///run/cattleprod-podman.sock
#   scripts/localstack/podman-service.sh stop
#   scripts/localstack/podman-service.sh status
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SOCK="${CATTLEPROD_PODMAN_SOCK:-/run/cattleprod-podman.sock}"
PID_FILE="$LOCALSTACK_STATE_DIR/podman-service.pid"
LOG_FILE="$LOCALSTACK_STATE_DIR/podman-service.log"

ping() { [ "$(curl -s --max-time 2 --unix-socket "$SOCK" http://d/_ping 2>/dev/null)" = OK ]; }
live_pid() { local p; p=$(cat "$PID_FILE" 2>/dev/null) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"; }

case "${1:-start}" in
  start)
    command -v podman >/dev/null || { echo "podman-service.sh: podman not installed (build-image.sh installs it)" >&2; exit 1; }
    if pid=$(live_pid) && ping; then
      echo "DOCKER_HOST=unix://$SOCK (podman system service already running, pid $pid)"
      exit 0
    fi
    mkdir -p "$LOCALSTACK_STATE_DIR"
    t0=$(date +%s%N)
    setsid nohup podman system service --time=0 "unix://$SOCK" >"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 100); do ping && break; sleep 0.1; done
    ping || { echo "podman-service.sh: no answer on $SOCK; log:" >&2; tail -20 "$LOG_FILE" >&2; exit 1; }
    echo "DOCKER_HOST=unix://$SOCK"
    echo "  podman $(podman --version | awk '{print $3}') API answering /_ping after $(( ($(date +%s%N) - t0) / 1000000 )) ms (pid $(cat "$PID_FILE"))" >&2
    ;;
  stop)
    if pid=$(live_pid); then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      echo "podman system service stopped (pid $pid)"
    else
      echo "podman system service not running"
    fi
    rm -f "$PID_FILE"
    ;;
  status)
    if ping; then echo "up: DOCKER_HOST=unix://$SOCK"; else echo "down"; exit 1; fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
