#!/bin/sh
# Runs the reaper's handler once, with boto3 from PATH's python3, else from the pinned venv .ci/run installs
# (CATTLEPROD_CACHE, default ~/.cache/cattleprod).
set -eu
python="${CATTLEPROD_CACHE:-$HOME/.cache/cattleprod}/c7n-0.9.53/bin/python"
[ -x "$python" ] || python="$(command -v python3)"
exec "$python" "$(dirname "$0")/handler.py"
