# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this file
# Shared settings for scripts/localstack/*.sh. Source it; every value can be overridden from the environment.

LOCALSTACK_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Pinned release. 4.13.1 is the newest localstack-core that imports on Python 3.11 (4.14.0 and 2026.x use
# Python 3.12+/3.13+ syntax and APIs) -- see docs/localstack.md for the evidence.
LOCALSTACK_VERSION="${LOCALSTACK_VERSION:-4.13.1}"
LOCALSTACK_LOCK_FILE="${LOCALSTACK_LOCK_FILE:-$LOCALSTACK_SCRIPTS_DIR/requirements-$LOCALSTACK_VERSION.lock}"
LOCALSTACK_PLUGIN_DIR="$LOCALSTACK_SCRIPTS_DIR/autoscaling-plugin"
# Every plugin install.sh and build-image.sh put into LocalStack: Auto Scaling, and the account clock and
# LaunchTime fidelity hook (fidelity-plugin/).
LOCALSTACK_PLUGIN_DIRS=("$LOCALSTACK_PLUGIN_DIR" "$LOCALSTACK_SCRIPTS_DIR/fidelity-plugin")

CATTLEPROD_CACHE="${CATTLEPROD_CACHE:-${HOME:-/root}/.cache/cattleprod}"
LOCALSTACK_VENV="${LOCALSTACK_VENV:-$CATTLEPROD_CACHE/localstack-venv}"
# pid file, log and LocalStack's own scratch filesystem (state is in memory: PERSISTENCE=0)
LOCALSTACK_STATE_DIR="${LOCALSTACK_STATE_DIR:-$CATTLEPROD_CACHE/localstack-run}"
LOCALSTACK_PID_FILE="${LOCALSTACK_PID_FILE:-$LOCALSTACK_STATE_DIR/localstack.pid}"
LOCALSTACK_LOG_FILE="${LOCALSTACK_LOG_FILE:-$LOCALSTACK_STATE_DIR/localstack.log}"

LOCALSTACK_PORT="${LOCALSTACK_PORT:-4566}"
LOCALSTACK_BIND="${LOCALSTACK_BIND:-127.0.0.1}"
LOCALSTACK_SERVICES="${LOCALSTACK_SERVICES:-ec2,autoscaling,ssm,sts,iam}"
LOCALSTACK_START_TIMEOUT="${LOCALSTACK_START_TIMEOUT:-90}"

# python used to create the venv (3.10 or 3.11; the lock file was resolved on 3.11)
LOCALSTACK_PYTHON="${LOCALSTACK_PYTHON:-python3}"

# podman image (build-image.sh / podman-service.sh)
LOCALSTACK_IMAGE="${LOCALSTACK_IMAGE:-localhost/cattleprod-localstack:$LOCALSTACK_VERSION}"
LOCALSTACK_CONTAINER="${LOCALSTACK_CONTAINER:-cattleprod-localstack}"

# Environment for the LocalStack runtime itself (host mode, offline, no auth token).
localstack_runtime_env() {
  export GATEWAY_LISTEN="$LOCALSTACK_BIND:$LOCALSTACK_PORT"
  export SERVICES="$LOCALSTACK_SERVICES"
  export EAGER_SERVICE_LOADING=1        # load the providers at start, not on the first request
  export PERSISTENCE=0
  export DNS_ADDRESS=0                  # no DNS server (would want port 53)
  export DISABLE_EVENTS=1               # no analytics calls home
  export SKIP_SSL_CERT_DOWNLOAD=1       # no attempt to fetch the localstack.cloud test certificate
  export OVERRIDE_IN_DOCKER="${OVERRIDE_IN_DOCKER:-0}" # this machine has /.dockerenv; use host-mode dirs
  export FILESYSTEM_ROOT="${FILESYSTEM_ROOT:-$LOCALSTACK_STATE_DIR/filesystem}"
  export LOCALSTACK_HOST="${LOCALSTACK_HOST:-127.0.0.1:$LOCALSTACK_PORT}"
  unset LOCALSTACK_AUTH_TOKEN LOCALSTACK_API_KEY
}

# The account clock (docs/localstack.md): LocalStack runs under libfaketime, whose offset the fidelity plugin
# writes when a run drives the clock through /_cattleprod/clock. LOCALSTACK_FAKETIME=0 starts it without (the
# clock is then not drivable and age-dependent verdicts are inconclusive); LOCALSTACK_LIBFAKETIME names the library.
LOCALSTACK_FAKETIME="${LOCALSTACK_FAKETIME:-1}"
LOCALSTACK_FAKETIME_FILE="${LOCALSTACK_FAKETIME_FILE:-$LOCALSTACK_STATE_DIR/faketime-offset}"

# Prints the libfaketime library to preload, or nothing (not installed, or LOCALSTACK_FAKETIME=0).
localstack_libfaketime() {
  [ "$LOCALSTACK_FAKETIME" = 0 ] && return 0
  local lib
  for lib in "${LOCALSTACK_LIBFAKETIME:-}" /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 \
             /usr/local/lib/faketime/libfaketime.so.1; do
    [ -n "$lib" ] && [ -f "$lib" ] && { echo "$lib"; return 0; }
  done
}

localstack_url() { echo "http://127.0.0.1:$LOCALSTACK_PORT"; }
