#!/usr/bin/env bash
# Installs every Debian package MotCua needs to build, run, test and benchmark.
# Idempotent: packages already present are skipped, so a second run costs a few seconds.
set -euo pipefail

PACKAGES=(
  build-essential g++ cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev
  libspdlog-dev libfmt-dev libcli11-dev libsodium-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libhowardhinnant-date-dev tzdata zlib1g-dev liblzma-dev
  libqrencode-dev libxlsxwriter-dev fonts-dejavu-core
  libkainjow-mustache-dev
  libgtest-dev libgmock-dev libbenchmark-dev xz-utils
  curl libcurl4-openssl-dev wrk nginx-light poppler-utils zbar-tools
  libssl-dev libnss3-tools
  python3-aiosmtpd
)
# Several `motcua serve` processes on one PostgreSQL database behind a load balancer: the
# integration test and bench/storage run HAProxy in the foreground (decision 0020).
PACKAGES+=(haproxy)
# The web application's end-to-end tests (part of `make test`) drive Debian's Chromium from Node.
PACKAGES+=(chromium nodejs)
# `make fuzz` builds with clang and links libFuzzer (libclang-rt is only recommended by clang).
if [[ "${MOTCUA_SETUP_FUZZ:-0}" == 1 ]]; then PACKAGES+=(clang libclang-rt-14-dev); fi
# Node from another source may bundle npm; Debian's npm would conflict with it.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi

# Node packages of the web application and its end-to-end tests (package-lock.json pins them),
# then the browser-side libraries vendored into web/static (no CDN at run time).
if [[ "${MOTCUA_SETUP_NODE:-1}" == 1 ]]; then
  cd "$(dirname "$0")/.."
  if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.motcua-lock; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.motcua-lock
  fi
  bash scripts/vendor-web.sh
fi
