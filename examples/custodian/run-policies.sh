#!/bin/sh
# Runs the policies once against the account cattleprod gives (AWS_ENDPOINT_URL, AWS_REGION, credentials), scoped to
# this scenario run: the run's tag value goes into a Custodian vars file. custodian is taken from PATH, else from the
# pinned venv .ci/run installs (CATTLEPROD_CACHE, default ~/.cache/cattleprod).
set -eu
policies="${1:-policies.yml}"
custodian="$(command -v custodian || true)"
[ -n "$custodian" ] || custodian="${CATTLEPROD_CACHE:-$HOME/.cache/cattleprod}/c7n-0.9.53/bin/custodian"
[ -x "$custodian" ] || { echo "run-policies.sh: custodian not found (pip install c7n==0.9.53, or run .ci/run)" >&2; exit 127; }
printf 'scenario_run: "%s"\n' "$CATTLEPROD_SCENARIO_RUN" > "$CATTLEPROD_WORKDIR/vars.yml"
exec "$custodian" run -s "$CATTLEPROD_WORKDIR/out" --cache-period 0 --vars-file "$CATTLEPROD_WORKDIR/vars.yml" "$policies"
