#!/usr/bin/env bash
# `make bench`: builds the release preset, runs every bench/<name>/run.sh, and records the figures
# in bench/results.json and docs/benchmarks.md. QUICK=1 shortens every run.
# Each run.sh prints, as its last stdout line, one JSON object:
#   {"name": "...", "figure": "...", "value": N, "unit": "...", "reference": "...",
#    "reference_value": N, "ratio": N, "target": "...", "command": "..."}
# (a run.sh may print several such lines, one per figure).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build build/release
export MOTCUA_BIN="$PWD/build/release/motcua" MOTCUA_BUILD="$PWD/build/release"
export QUICK="${QUICK:-0}"

results=()
for run in bench/*/run.sh; do
  name=$(basename "$(dirname "$run")")
  echo "== bench/$name" >&2
  if out=$(bash "$run"); then
    while IFS= read -r line; do
      [[ "$line" == \{* ]] && results+=("$line") && echo "$line"
    done <<<"$out"
  else
    echo "bench/$name failed" >&2
    results+=("{\"name\":\"$name\",\"figure\":\"failed\"}")
  fi
done

{
  echo '{"date":"'"$(date -u +%Y-%m-%dT%H:%MZ)"'","cores":'"$(nproc)"',"quick":'"$QUICK"',"results":['
  (IFS=,; echo "${results[*]}")
  echo ']}'
} > bench/results.json

python3 - <<'PY'
import json, platform
r = json.load(open("bench/results.json"))
lines = ["# Benchmarks", "",
         f"Measured {r['date']} on {r['cores']} cores ({platform.processor() or platform.machine()}),"
         f" {'QUICK run' if r['quick'] else 'full run'}, by `make bench`"
         f"{' QUICK=1' if r['quick'] else ''}. Every figure is measured in the same run as its"
         " reference; the ratio is the claim.", "",
         "| benchmark | figure | value | reference | reference value | ratio | target |",
         "|---|---|---|---|---|---|---|"]
for x in r["results"]:
    def f(k):
        v = x.get(k, "")
        return f"{v:,.1f}" if isinstance(v, float) else str(v)
    lines.append(f"| {x.get('name','')} | {x.get('figure','')} | {f('value')} {x.get('unit','')} |"
                 f" {x.get('reference','')} | {f('reference_value')} | {f('ratio')} | {x.get('target','')} |")
lines += ["", "Commands:", ""]
for x in r["results"]:
    if x.get("command"):
        lines.append(f"- {x.get('name')}: `{x['command']}`")
open("docs/benchmarks.md", "w").write("\n".join(lines) + "\n")
PY
echo "bench: wrote bench/results.json and docs/benchmarks.md" >&2
