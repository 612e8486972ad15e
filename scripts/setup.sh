#!/usr/bin/env bash
# Installs every Debian package MotCua needs to build, run, test and benchmark.
# Idempotent: packages already present are skipped, so a second run costs a few seconds.
set -euo pipefail

PACKAGES=(
  build-essential g++ cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev
  libspdlog-dev libfmt-dev libcli11-dev libsodium-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libhowardhinnant-date-dev tzdata zlib1g-dev
  libhpdf-dev libqrencode-dev libxlsxwriter-dev fonts-dejavu-core
  libgtest-dev libgmock-dev libbenchmark-dev
  curl wrk nginx-light
)
if [[ "${MOTCUA_SETUP_BROWSER:-0}" == 1 ]]; then
  PACKAGES+=(chromium nodejs npm poppler-utils zbar-tools)
fi

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
