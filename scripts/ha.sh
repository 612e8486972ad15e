#!/usr/bin/env bash
# `make ha`: installs Patroni, etcd and HAProxy (scripts/setup-ha.sh), builds the debug server and
# runs the failover test (tests/ha/failover_test.sh, CTest labels slow and ha). Figures: docs/ha.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-ha.sh
cmake --preset debug >/dev/null
cmake --build build/debug --target motcua
MOTCUA_HA_REPORT="${MOTCUA_HA_REPORT:-}" ctest --test-dir build/debug --verbose -L ha --timeout 900
