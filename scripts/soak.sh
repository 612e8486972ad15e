#!/usr/bin/env bash
# `make soak`: builds the debug preset, runs the soak (tests/soak: SIGKILL of `motcua serve` under
# mixed load, again and again, then every acknowledged write checked) and writes its figures to
# docs/soak.md. ROUNDS=N sets the number of kills (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset debug >/dev/null
cmake --build build/debug --target motcua motcua_soak_tests
report=$(mktemp)
trap 'rm -f "$report"' EXIT
MOTCUA_SOAK_ROUNDS="${ROUNDS:-20}" MOTCUA_SOAK_REPORT="$report" \
  ctest --test-dir build/debug --output-on-failure -L soak --timeout 1800
python3 - "$report" <<'PY'
import json, platform, sys, datetime, os
r = json.load(open(sys.argv[1]))
lines = ["# Soak: SIGKILL under load", "",
         f"Measured {datetime.datetime.utcnow():%Y-%m-%dT%H:%MZ} on {os.cpu_count()} cores"
         f" ({platform.machine()}) by `make soak` (scripts/soak.sh, tests/soak/soak_test.cc),"
         " debug build, SQLite with synchronous=FULL.", "",
         "Four HTTP clients create dossiers at the counter; two of them also forward each new"
         " dossier (a transition). After 0.3–1.5 s the server gets SIGKILL, is restarted on the same"
         " database, and every acknowledged write is checked: the dossier exists and its version is"
         " at least the one the acknowledged answer carried. After the last round the database must"
         " pass `PRAGMA integrity_check` and `motcua audit verify`. The machine is shared with"
         " other builds, so the duration and the number of writes per round are noisy; the number of"
         " acknowledged writes lost is the claim.", "",
         "| figure | value |", "|---|---|",
         f"| rounds (SIGKILLs) | {r['sigkills']} |",
         f"| dossiers acknowledged | {r['dossiers_acknowledged']:,} |",
         f"| transitions acknowledged | {r['transitions_acknowledged']:,} |",
         f"| requests answered with an error (not acknowledged) | {r['refused_requests']} |",
         f"| acknowledged writes lost | **{r['lost']}** |",
         f"| integrity_check | {r['integrity_check']} |",
         f"| audit verify | {r['audit_verify']} |",
         f"| duration | {r['seconds']:.0f} s |", "",
         "Run it: `make soak` (`ROUNDS=100 make soak` for a longer one). It is labelled `slow` and"
         " `soak` in CTest, so `make test` (`ctest -LE slow`) leaves it out."]
open("docs/soak.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
