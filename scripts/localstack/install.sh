#!/usr/bin/env bash
# Install a pinned LocalStack (localstack-core[runtime]) into a venv, for running on the host without Docker.
# Idempotent: a second run with the same version/lock file/plugin source only verifies and exits; a changed lock file
# or plugin is installed into the existing venv in place.
#
#   scripts/localstack/install.sh            # installs into ${CATTLEPROD_CACHE:-~/.cache/cattleprod}/localstack-venv
#   LOCALSTACK_VENV=/opt/ls scripts/localstack/install.sh
#   scripts/localstack/install.sh --force    # recreate the venv
#
# Needs: python3 (3.10/3.11) with the venv module, and access to PyPI (or a pip cache / find-links holding the wheels).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

force=0
[ "${1:-}" = "--force" ] && force=1

t0=$(date +%s)
# One install at a time per venv: parallel callers (test files, build-image.sh) wait here, then find it installed.
mkdir -p "$(dirname "$LOCALSTACK_VENV")"
exec 9>"$LOCALSTACK_VENV.lock"
if command -v flock >/dev/null; then flock 9; fi
[ -f "$LOCALSTACK_LOCK_FILE" ] || { echo "install.sh: no lock file $LOCALSTACK_LOCK_FILE for version $LOCALSTACK_VERSION" >&2; exit 1; }

# Two stamps: the lock file's (a change rebuilds the venv) and the plugins' (a change reinstalls only the plugins).
stamp_value="$(sha256sum <"$LOCALSTACK_LOCK_FILE" | cut -c1-16)"
stamp_file="$LOCALSTACK_VENV/.cattleprod-localstack-stamp"
plugins_value="$(find "${LOCALSTACK_PLUGIN_DIRS[@]}" -name '*.py' -o -name pyproject.toml | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)"
plugins_file="$LOCALSTACK_VENV/.cattleprod-plugins-stamp"
py="$LOCALSTACK_VENV/bin/python"

verify() {
  "$py" - "$LOCALSTACK_VERSION" <<'EOF'
import sys
from importlib.metadata import version, entry_points
want = sys.argv[1]
got = version("localstack-core")
assert got == want, f"localstack-core {got} installed, {want} wanted"
import localstack.aws.components  # noqa: F401  (fails on a broken dependency set, e.g. cbor2 6.x)
from OpenSSL import crypto
assert hasattr(crypto.X509, "add_extensions"), "pyOpenSSL too new for this LocalStack"
eps = {e.name for e in entry_points(group="localstack.aws.provider")}
assert "autoscaling:default" in eps, "autoscaling plugin not registered"
hooks = {e.name for e in entry_points(group="localstack.hooks.on_infra_start")}
assert "cattleprod_fidelity" in hooks, "fidelity plugin (account clock, LaunchTime on start) not registered"
print(f"localstack-core {got}, moto-ext {version('moto-ext')}, boto3 {version('boto3')}, "
      f"cattleprod-ls-autoscaling {version('cattleprod-ls-autoscaling')}, "
      f"cattleprod-ls-fidelity {version('cattleprod-ls-fidelity')}, python {sys.version.split()[0]}")
EOF
}

# The plugins (LocalStack community has no autoscaling provider; the fidelity hook serves the account clock).
# Built from a copy so the repository gets no build/ or *.egg-info droppings; setuptools and wheel come from the
# lock file.
install_plugins() {
  local dir
  for dir in "${LOCALSTACK_PLUGIN_DIRS[@]}"; do
    rm -rf "$tmp/plugin"
    cp -r "$dir" "$tmp/plugin"
    if ! "$py" -m pip install "${pip_opts[@]}" --no-deps --no-build-isolation --force-reinstall "$tmp/plugin" >"$tmp/plugin.log" 2>&1; then
      cat "$tmp/plugin.log" >&2
      echo "install.sh: building the plugin in $dir failed" >&2
      exit 1
    fi
  done
  echo "$plugins_value" > "$plugins_file"
}
pip_opts=(--disable-pip-version-check --no-input --quiet)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$force" = 0 ] && [ -x "$py" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp_value" ]; then
  if [ "$(cat "$plugins_file" 2>/dev/null)" != "$plugins_value" ]; then
    install_plugins
    echo "install.sh: plugins reinstalled into $LOCALSTACK_VENV" >&2
  fi
  if info=$(verify 2>&1); then
    echo "localstack already installed in $LOCALSTACK_VENV: $info ($(( $(date +%s) - t0 ))s)"
    exit 0
  fi
  echo "install.sh: existing venv failed verification, reinstalling: $info" >&2
fi

# Check the interpreter before building anything.
"$LOCALSTACK_PYTHON" - <<'EOF' || { echo "install.sh: LocalStack $LOCALSTACK_VERSION needs Python 3.10 or 3.11 here (set LOCALSTACK_PYTHON)" >&2; exit 1; }
import sys
sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 11) else 1)
EOF

# An existing venv is brought to the lock file in place (pip skips what already matches), never removed under a
# LocalStack that may be running from it; --force (or a venv that cannot run pip) starts from scratch.
if [ "$force" = 1 ] || ! "$py" -m pip --version >/dev/null 2>&1; then
  rm -rf "$LOCALSTACK_VENV"
  mkdir -p "$(dirname "$LOCALSTACK_VENV")"
  "$LOCALSTACK_PYTHON" -m venv "$LOCALSTACK_VENV"
fi

# Exact pins, no resolver: the lock file is a complete, tested dependency set (see its header).
# Three of its packages exist only as sdists (airspeed_ext, crontab, jsonpath-rw); they are built with the
# lock file's own setuptools/wheel/packaging (--no-build-isolation) so nothing unpinned is fetched for the build.
grep -E '^(setuptools|wheel|packaging)==' "$LOCALSTACK_LOCK_FILE" > "$tmp/build-tools.txt"
"$py" -m pip install "${pip_opts[@]}" --no-deps -r "$tmp/build-tools.txt"
"$py" -m pip install "${pip_opts[@]}" --no-deps --no-build-isolation -r "$LOCALSTACK_LOCK_FILE"

install_plugins

info=$(verify)
echo "$stamp_value" > "$stamp_file"
echo "installed into $LOCALSTACK_VENV: $info ($(( $(date +%s) - t0 ))s, $(du -sh "$LOCALSTACK_VENV" | cut -f1))"
