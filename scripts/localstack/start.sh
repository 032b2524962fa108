#!/usr/bin/env bash
# Start the LocalStack installed by install.sh on the host (no Docker), in the background.
# Waits until /_localstack/health reports every requested service, then prints
#   localstack <version> ready at http://127.0.0.1:<port> (host install)
# Idempotent: if our LocalStack is already up on the port, it just prints that line again.
#
#   scripts/localstack/start.sh                 # port ${LOCALSTACK_PORT:-4566}
#   LOCALSTACK_PORT=4577 scripts/localstack/start.sh
#   scripts/localstack/start.sh --install       # run install.sh first (CI on a fresh machine)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [ "${1:-}" = "--install" ]; then
  "$LOCALSTACK_SCRIPTS_DIR/install.sh"
fi

py="$LOCALSTACK_VENV/bin/python"
[ -x "$py" ] || { echo "start.sh: no LocalStack venv at $LOCALSTACK_VENV; run scripts/localstack/install.sh" >&2; exit 1; }
url="$(localstack_url)"

# Prints the version and exits 0 when health answers and all requested services are available/running.
health_ok() {
  "$py" - "$url" "$LOCALSTACK_SERVICES" <<'EOF'
import json, sys, urllib.request
url, services = sys.argv[1], [s for s in sys.argv[2].split(",") if s]
try:
    with urllib.request.urlopen(url + "/_localstack/health", timeout=2) as r:
        h = json.load(r)
except Exception:
    sys.exit(1)
st = h.get("services", {})
missing = [s for s in services if st.get(s) not in ("available", "running")]
if missing:
    print("waiting for: " + ",".join(f"{s}={st.get(s)}" for s in missing), file=sys.stderr)
    sys.exit(1)
print(h.get("version", "?"))
EOF
}

running_pid() {
  local pid
  pid=$(cat "$LOCALSTACK_PID_FILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

if pid=$(running_pid); then
  if version=$(health_ok 2>/dev/null); then
    echo "localstack $version ready at $url (host install, already running, pid $pid)"
    exit 0
  fi
  echo "start.sh: pid $pid from $LOCALSTACK_PID_FILE is alive but $url is not healthy; run stop.sh first" >&2
  exit 1
fi

# Something else on the port? Refuse rather than report a foreign server as ours.
if "$py" -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(0 if s.connect_ex(('127.0.0.1', int(sys.argv[1]))) == 0 else 1)" "$LOCALSTACK_PORT"; then
  echo "start.sh: port $LOCALSTACK_PORT is already in use by another process" >&2
  exit 1
fi

mkdir -p "$LOCALSTACK_STATE_DIR"
localstack_runtime_env
# Under libfaketime when installed (Debian: apt-get install faketime): the account clock is then drivable.
clock="account clock not drivable: no libfaketime (apt-get install faketime)"
faketime=()
if lib=$(localstack_libfaketime) && [ -n "$lib" ]; then
  echo "+0" >"$LOCALSTACK_FAKETIME_FILE"
  faketime=(env "LD_PRELOAD=$lib" "FAKETIME_TIMESTAMP_FILE=$LOCALSTACK_FAKETIME_FILE" FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1)
  clock="account clock drivable (libfaketime $lib, offset file $LOCALSTACK_FAKETIME_FILE)"
elif [ "$LOCALSTACK_FAKETIME" = 0 ]; then
  clock="account clock not drivable: LOCALSTACK_FAKETIME=0"
fi
t0=$(date +%s%N)
# setsid + nohup: the server outlives this script and the shell that ran it.
setsid nohup "${faketime[@]}" "$py" -m localstack.runtime.main >"$LOCALSTACK_LOG_FILE" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$LOCALSTACK_PID_FILE"

deadline=$(( $(date +%s) + LOCALSTACK_START_TIMEOUT ))
while :; do
  if version=$(health_ok 2>/dev/null); then
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start.sh: LocalStack (pid $pid) exited during startup; last log lines from $LOCALSTACK_LOG_FILE:" >&2
    tail -n 30 "$LOCALSTACK_LOG_FILE" >&2
    rm -f "$LOCALSTACK_PID_FILE"
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "start.sh: LocalStack not healthy after ${LOCALSTACK_START_TIMEOUT}s; stopping it. Last log lines:" >&2
    tail -n 30 "$LOCALSTACK_LOG_FILE" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$LOCALSTACK_PID_FILE"
    exit 1
  fi
  sleep 0.2
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "localstack $version ready at $url (host install)"
echo "  pid $pid (pid file $LOCALSTACK_PID_FILE), log $LOCALSTACK_LOG_FILE, services $LOCALSTACK_SERVICES, started in ${ms} ms" >&2
echo "  $clock" >&2
