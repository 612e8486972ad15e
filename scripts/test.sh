#!/usr/bin/env bash
# `make test`: installs packages, builds with -Werror, starts a throwaway PostgreSQL for the
# storage tests, and runs every test not labelled slow.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake --preset debug >/dev/null
cmake --build build/debug

if PG_URL=$(bash scripts/test-postgres.sh start); then
  export MOTCUA_TEST_PG_URL="$PG_URL"
  trap 'bash scripts/test-postgres.sh stop >/dev/null 2>&1 || true' EXIT
else
  echo "test: could not start PostgreSQL" >&2
  exit 1
fi

ctest --test-dir build/debug --output-on-failure -j2 -LE slow --timeout 600
