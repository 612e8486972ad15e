#!/usr/bin/env bash
# Debian packages for the high-availability demo (`make ha`, tests/ha): Patroni, etcd, HAProxy.
# Only the slow HA test needs them, so scripts/setup.sh (and `make test`) does not install them.
set -euo pipefail
PACKAGES=(patroni etcd-server etcd-client haproxy postgresql-15 postgresql-client-15 curl python3)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  # Where the packages start their own services (etcd.service on 2379, haproxy.service), they do
  # not get in the way: the test runs its own processes on 127.0.0.1:19700-19759.
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi
