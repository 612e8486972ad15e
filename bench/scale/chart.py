"""Draws the scale curves of bench/results.json ("scale": one point per database size) as an SVG
of four panels, by hand (no plotting package on the machine):
    python3 bench/scale/chart.py bench/results.json docs/bench-scale.svg
Both axes are logarithmic: cost against the number of dossiers."""

import json
import math
import sys
from html import escape

W, H = 460, 300  # one panel
ML, MR, MT, MB = 70, 60, 40, 50
COLOURS = ["#1f5fa8", "#d0562b", "#2e8b57", "#8a5cb8"]


def fmt(v):
    if v >= 1e6:
        return f"{v / 1e6:g}M"
    if v >= 1e3:
        return f"{v / 1e3:g}k"
    return f"{v:g}"


def decades(lo, hi):
    a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    if a == b:
        b += 1
    return a, b


def panel(x0, y0, title, unit, xs, series):
    """series: [(label, [y or None per x])]; log-log axes."""
    out = [f'<g transform="translate({x0},{y0})">',
           f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">{escape(title)}</text>']
    ys = [y for _, vals in series for y in vals if y]
    if not ys or not xs:
        return out + ["</g>"]
    xa, xb = decades(min(xs), max(xs))
    ya, yb = decades(min(ys), max(ys))
    pw, ph = W - ML - MR, H - MT - MB

    def px(x):
        return ML + (math.log10(x) - xa) / (xb - xa) * pw

    def py(y):
        return MT + ph - (math.log10(y) - ya) / (yb - ya) * ph

    out.append(f'<rect x="{ML}" y="{MT}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
    for d in range(xa, xb + 1):
        x = px(10 ** d)
        out.append(f'<line x1="{x:.1f}" y1="{MT}" x2="{x:.1f}" y2="{MT + ph}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{MT + ph + 16}" text-anchor="middle" font-size="11">{fmt(10 ** d)}</text>')
    for d in range(ya, yb + 1):
        y = py(10 ** d)
        out.append(f'<line x1="{ML}" y1="{y:.1f}" x2="{ML + pw}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{ML - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{fmt(10 ** d)}</text>')
    out.append(f'<text x="{ML + pw / 2}" y="{H - 12}" text-anchor="middle" font-size="11">dossiers in the database</text>')
    out.append(f'<text x="14" y="{MT + ph / 2}" text-anchor="middle" font-size="11" '
               f'transform="rotate(-90 14 {MT + ph / 2})">{escape(unit)}</text>')
    for i, (label, vals) in enumerate(series):
        c = COLOURS[i % len(COLOURS)]
        pts = [(px(x), py(y), y) for x, y in zip(xs, vals) if y]
        if len(pts) > 1:
            out.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="'
                       + " ".join(f"{a:.1f},{b:.1f}" for a, b, _ in pts) + '"/>')
        for a, b, v in pts:
            out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{c}"/>')
            value = f"{v:,.0f}" if v >= 100 else f"{v:.3g}"
            out.append(f'<text x="{a + 5:.1f}" y="{b - 6:.1f}" font-size="10" fill="{c}">{value}</text>')
        out.append(f'<rect x="{ML + 8}" y="{MT + 8 + i * 16}" width="10" height="10" fill="{c}"/>')
        out.append(f'<text x="{ML + 22}" y="{MT + 17 + i * 16}" font-size="11">{escape(label)}</text>')
    return out + ["</g>"]


def main():
    r = json.load(open(sys.argv[1]))
    pts = sorted(r.get("scale", []), key=lambda p: p["rows"])
    xs = [p["rows"] for p in pts]
    col = lambda k: [p.get(k) for p in pts]
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{2 * H + 40}" '
           f'font-family="sans-serif" viewBox="0 0 {2 * W} {2 * H + 40}">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{W}" y="24" text-anchor="middle" font-size="16">MotCua at scale — '
           f'{escape(r.get("date", ""))}, {r.get("cores", "?")} cores'
           f'{", QUICK run" if r.get("quick") else ""} (make bench; log–log)</text>']
    svg += panel(0, 40, "Public lookups per second (HTTP, 32 connections)", "lookups/s", xs,
                 [("motcua serve, GET /api/v1/lookup/{code}", col("lookup_rps")),
                  ("reference: same reads on SQLite, in-process", col("raw_lookup_per_sec"))])
    svg += panel(W, 40, "Public lookup latency", "ms", xs,
                 [("p99 over HTTP", col("lookup_p99_ms")), ("p50 over HTTP", col("lookup_p50_ms")),
                  ("reference p99, SQLite in-process", col("raw_p99_ms"))])
    svg += panel(0, 40 + H, "Timeliness report (slowest of 4 queries)", "ms", xs,
                 [("columnar index p50", col("report_p50_ms")),
                  ("reference: SQL GROUP BY (SQLite)", col("report_sql_ms")),
                  ("over HTTP, warm p50", col("report_http_p50_ms"))])
    svg += panel(W, 40 + H, "Server memory and database size", "MiB", xs,
                 [("RSS with the report index", col("rss_with_index_mib")),
                  ("RSS after the lookup load", col("rss_after_lookups_mib")),
                  ("SQLite file", col("db_mib"))])
    svg.append("</svg>")
    open(sys.argv[2], "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
