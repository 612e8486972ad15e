#!/usr/bin/env bash
# Copies the browser-side libraries from node_modules into web/static/vendor (gitignored), so the
# server serves them itself: no CDN at run time, and the strict Content-Security-Policy holds.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p web/static/vendor
copy() {
  if [[ -f "$1" ]] && ! cmp -s "$1" "web/static/vendor/$2"; then cp "$1" "web/static/vendor/$2"; fi
}
copy node_modules/chart.js/dist/chart.umd.js chart.umd.js
copy node_modules/htmx.org/dist/htmx.min.js htmx.min.js
