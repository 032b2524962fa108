#!/usr/bin/env bash
# Stop the host LocalStack started by start.sh (by the pid in its pid file only). Idempotent.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

pid=$(cat "$LOCALSTACK_PID_FILE" 2>/dev/null || true)
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
  rm -f "$LOCALSTACK_PID_FILE"
  echo "localstack not running (no live pid in $LOCALSTACK_PID_FILE)"
  exit 0
fi

# Make sure the pid is still our LocalStack and not a recycled pid.
if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "localstack.runtime.main"; then
  echo "stop.sh: pid $pid is not a LocalStack runtime; removing stale $LOCALSTACK_PID_FILE" >&2
  rm -f "$LOCALSTACK_PID_FILE"
  exit 0
fi

kill -TERM "$pid"
for _ in $(seq 1 100); do   # LocalStack handles SIGTERM and shuts down cleanly; allow 20 s
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if kill -0 "$pid" 2>/dev/null; then
  echo "stop.sh: pid $pid ignored SIGTERM for 20 s; sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$LOCALSTACK_PID_FILE"
echo "localstack stopped (pid $pid)"
