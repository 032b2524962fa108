#!/usr/bin/env bash
# Build a local podman image of the same pinned LocalStack, with no container registry:
#   debootstrap (Debian bookworm minbase + python3) -> pip install --target of the lock file (done on the
#   host with the install.sh venv, so the chroot needs no network, pip config or CA certificate)
#   -> compileall inside the chroot -> tar | podman import -> localhost/cattleprod-localstack:<version>.
# Idempotent: exits early if the image exists (use --force to rebuild). Needs root and Debian's apt.
#
#   scripts/localstack/build-image.sh [--force]
#   scripts/localstack/podman-run.sh start        # run it on port ${LOCALSTACK_PORT:-4566}
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"

force=0
[ "${1:-}" = "--force" ] && force=1
WORK="${LOCALSTACK_IMAGE_WORKDIR:-$CATTLEPROD_CACHE/localstack-image}"
MIRROR="${LOCALSTACK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm   # its python3 is 3.11, matching the lock file

now() { date +%s%N; }
T0=$(now); t=$T0
secs() { local ms=$(( ($2 - $1) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
step() { local n; n=$(now); printf '  %-44s %6ss\n' "$1" "$(secs "$t" "$n")"; t=$n; }

[ "$(id -u)" = 0 ] || { echo "build-image.sh: needs root (debootstrap, chroot, podman)" >&2; exit 1; }

echo "build-image.sh: $LOCALSTACK_IMAGE"
need=()
for p in podman runc debootstrap; do command -v "$p" >/dev/null || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
fi
step "apt: podman runc debootstrap"

# Inside an unprivileged-ish container the default ulimits (nofile/nproc) cannot be set, and crun is
# not installed: use runc and no default ulimits. Only written if the admin has no containers.conf.
if [ ! -f /etc/containers/containers.conf ]; then
  mkdir -p /etc/containers
  printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >/etc/containers/containers.conf
fi

if [ "$force" = 0 ] && podman image exists "$LOCALSTACK_IMAGE"; then
  echo "image $LOCALSTACK_IMAGE already exists ($(podman image inspect --format '{{.Size}}' "$LOCALSTACK_IMAGE" | awk '{printf "%d MB", $1/1e6}')); --force rebuilds"
  exit 0
fi

"$LOCALSTACK_SCRIPTS_DIR/install.sh" >/dev/null   # host venv: builds the lock file's 3 sdists
step "install.sh (host venv, idempotent)"

mkdir -p "$WORK"
base_tar="$WORK/rootfs-$SUITE-minbase-faketime.tar"
rootfs="$WORK/rootfs"
rm -rf "$rootfs"
if [ ! -s "$base_tar" ]; then
  debootstrap --variant=minbase --include=python3,python3-venv,faketime "$SUITE" "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
  step "debootstrap $SUITE minbase + python3, faketime"
else
  mkdir -p "$rootfs" && tar -C "$rootfs" -xf "$base_tar"
  step "unpack cached debootstrap rootfs"
fi

lib="$rootfs/opt/localstack/lib"
mkdir -p "$lib"
pip=("$LOCALSTACK_VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input
     --no-deps --no-build-isolation --no-compile --target "$lib")
"${pip[@]}" -r "$LOCALSTACK_LOCK_FILE"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "${LOCALSTACK_PLUGIN_DIRS[@]}"; do
  rm -rf "$tmp/plugin" && cp -r "$dir" "$tmp/plugin"
  "${pip[@]}" "$tmp/plugin" >"$tmp/plugin.log" 2>&1 || { cat "$tmp/plugin.log" >&2; exit 1; }
done
step "pip install --target (lock file + plugins)"
# The account clock: LocalStack runs under libfaketime, the offset file starts at +0 (docs/localstack.md).
libfaketime=$(cd "$rootfs" && compgen -G 'usr/lib/*/faketime/libfaketime.so.1' | head -1)
[ -n "$libfaketime" ] || { echo "build-image.sh: no libfaketime in the image's rootfs" >&2; exit 1; }

# byte-compile with the image's own interpreter so the first start is not slowed by it
chroot "$rootfs" /usr/bin/python3 -m compileall -q -j 2 /opt/localstack/lib >/dev/null || true
chroot "$rootfs" /usr/bin/env PYTHONPATH=/opt/localstack/lib /usr/bin/python3 -c \
  "import localstack.aws.components; from importlib.metadata import version; print('  image python:', __import__('sys').version.split()[0], 'localstack-core', version('localstack-core'))"
step "compileall + import check in chroot"

old_id=$(podman image inspect --format "{{.Id}}" "$LOCALSTACK_IMAGE" 2>/dev/null || true)
tar -C "$rootfs" -c . | podman import --quiet \
  --change "ENV PYTHONPATH=/opt/localstack/lib" \
  --change "ENV GATEWAY_LISTEN=0.0.0.0:4566" \
  --change "ENV SERVICES=$LOCALSTACK_SERVICES" \
  --change "ENV EAGER_SERVICE_LOADING=1" \
  --change "ENV PERSISTENCE=0" \
  --change "ENV DNS_ADDRESS=0" \
  --change "ENV DISABLE_EVENTS=1" \
  --change "ENV SKIP_SSL_CERT_DOWNLOAD=1" \
  --change "ENV LD_PRELOAD=/$libfaketime" \
  --change "ENV FAKETIME_TIMESTAMP_FILE=/tmp/faketime-offset" \
  --change "ENV FAKETIME_NO_CACHE=1" \
  --change "ENV FAKETIME_DONT_FAKE_MONOTONIC=1" \
  --change "EXPOSE 4566" \
  --change 'CMD ["/bin/sh", "-c", "echo +0 >/tmp/faketime-offset && exec /usr/bin/python3 -m localstack.runtime.main"]' \
  - "$LOCALSTACK_IMAGE" >/dev/null
step "tar | podman import"
# drop the previous build unless a container still uses it (no -f: never removes containers)
if [ -n "$old_id" ]; then podman image rm "$old_id" >/dev/null 2>&1 || true; fi
rm -rf "$rootfs"   # the cached base tarball stays for the next --force
size=$(podman image inspect --format '{{.Size}}' "$LOCALSTACK_IMAGE" | awk '{printf "%d MB", $1/1e6}')
echo "built $LOCALSTACK_IMAGE ($size) in $(secs "$T0" "$(now)")s"
