#!/usr/bin/env bash
# Run / stop the image from build-image.sh as container "cattleprod-localstack" (only that container is touched).
#   scripts/localstack/podman-run.sh start    # -p 127.0.0.1:${LOCALSTACK_PORT:-4566}:4566, waits for health
#   scripts/localstack/podman-run.sh stop
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

url="$(localstack_url)"
health() {  # prints the version when every requested service is available/running
  local body
  body=$(curl -sf --max-time 2 "$url/_localstack/health" 2>/dev/null) || return 1
  printf '%s' "$body" | python3 -c '
import json, sys
h = json.load(sys.stdin); st = h.get("services", {})
sys.exit(1) if any(st.get(s) not in ("available", "running") for s in sys.argv[1].split(",")) else print(h["version"])
' "$LOCALSTACK_SERVICES" 2>/dev/null
}

case "${1:-start}" in
  start)
    if [ "$(podman container inspect --format '{{.State.Running}}' "$LOCALSTACK_CONTAINER" 2>/dev/null)" = true ] && v=$(health); then
      echo "localstack $v ready at $url (podman $LOCALSTACK_IMAGE, already running)"
      exit 0
    fi
    podman image exists "$LOCALSTACK_IMAGE" || { echo "podman-run.sh: no image $LOCALSTACK_IMAGE; run build-image.sh" >&2; exit 1; }
    podman rm -f "$LOCALSTACK_CONTAINER" >/dev/null 2>&1 || true
    t0=$(date +%s%N)
    podman run -d --name "$LOCALSTACK_CONTAINER" -p "$LOCALSTACK_BIND:$LOCALSTACK_PORT:4566" \
      -e SERVICES="$LOCALSTACK_SERVICES" "$LOCALSTACK_IMAGE" >/dev/null
    deadline=$(( $(date +%s) + LOCALSTACK_START_TIMEOUT ))
    until v=$(health); do
      if [ "$(podman container inspect --format '{{.State.Running}}' "$LOCALSTACK_CONTAINER" 2>/dev/null)" != true ] \
         || [ "$(date +%s)" -ge "$deadline" ]; then
        echo "podman-run.sh: container did not become healthy; logs:" >&2
        podman logs --tail 30 "$LOCALSTACK_CONTAINER" >&2 || true
        podman rm -f "$LOCALSTACK_CONTAINER" >/dev/null 2>&1 || true
        exit 1
      fi
      sleep 0.2
    done
    echo "localstack $v ready at $url (podman $LOCALSTACK_IMAGE)"
    echo "  container $LOCALSTACK_CONTAINER, started in $(( ($(date +%s%N) - t0) / 1000000 )) ms" >&2
    ;;
  stop)
    if podman container exists "$LOCALSTACK_CONTAINER"; then
      podman rm -f -t 10 "$LOCALSTACK_CONTAINER" >/dev/null
      echo "container $LOCALSTACK_CONTAINER removed"
    else
      echo "container $LOCALSTACK_CONTAINER not present"
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
