"""Server-rendered inline SVG charts: no chart library, no script, nothing fetched.

Each function takes plain rows and returns ``Markup`` of one ``<svg class="chart">``; every
label passes through ``escape``. Colours come from classes in ``static/app.css`` (the
Content-Security-Policy allows no inline styles).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from claimledger.model import SOURCE_KINDS


def _day(value: object) -> int | None:
    """Days since year 1 of an ISO date or date-time prefix, else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _svg(width: int, height: int, body: Sequence[str], label: str) -> Markup:
    # The wrapper scrolls a chart sideways on a narrow screen, so its labels keep a
    # legible size instead of shrinking with the window.
    return Markup(f'<div class="chart-wrap"><svg class="chart" viewBox="0 0 {width} {height}" '
                  f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
                  + "".join(body) + "</svg></div>")


def _every_month(series: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The series with empty months filled in, so bar spacing is proportional to time
    (given up beyond 50 years, where bars would be too thin to see)."""
    def index(month: str) -> int | None:
        try:
            return int(month[:4]) * 12 + int(month[5:7]) - 1
        except ValueError:
            return None

    known = {index(str(r["month"])): r for r in series}
    if None in known or not known:
        return list(series)
    first, last = min(k for k in known if k is not None), max(k for k in known if k is not None)
    if last - first > 600:
        return list(series)
    return [known.get(i) or {"month": f"{i // 12:04d}-{i % 12 + 1:02d}", "articles": 0,
                             "claims": 0} for i in range(first, last + 1)]


def monthly_chart(series: Sequence[Mapping[str, Any]], width: int = 760) -> Markup:
    """Two bar panels over the same months: claims (top) and articles (bottom)."""
    series = _every_month(series)
    if not series:
        return _svg(width, 40, ['<text x="10" y="24">No dated articles yet.</text>'],
                    "no data")
    left, panel, gap = 44, 90, 26
    height = 2 * panel + gap + 34
    step = (width - left - 10) / len(series)
    bar = max(1.0, step * 0.8)
    body: list[str] = []
    for offset, key, css in ((10, "claims", "bar-c"), (10 + panel + gap, "articles", "bar-a")):
        values = [int(r[key]) for r in series]
        top = max(values) or 1
        log = _wants_log(values)
        base = offset + panel
        body.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{width - 10}" '
                    f'y2="{base}"/>')
        body.append(f'<text x="4" y="{offset + 10}">{escape(key)}</text>'
                    f'<text x="4" y="{offset + 24}">max {top:,}</text>'
                    + (f'<text x="4" y="{offset + 38}">log scale</text>' if log else ""))
        for i, r in enumerate(series):
            h = panel * _scaled(int(r[key]), top, log)
            x = left + i * step
            body.append(f'<rect class="{css}" x="{x:.1f}" y="{base - h:.1f}" '
                        f'width="{bar:.1f}" height="{h:.1f}"><title>{escape(r["month"])}: '
                        f'{int(r[key]):,} {escape(key)}</title></rect>')
    y = height - 8
    for i in _month_ticks([str(r["month"]) for r in series]):
        x = left + i * step + bar / 2
        body.append(f'<text x="{x:.1f}" y="{y}" text-anchor="middle">'
                    f'{escape(series[i]["month"])}</text>')
    return _svg(width, height, body, "claims and articles per month")


def _wants_log(values: Sequence[int]) -> bool:
    """A log scale when the biggest bar is over ten times the typical non-empty one, so
    one spike does not flatten every other month."""
    present = sorted(v for v in values if v > 0)
    return len(present) > 2 and present[-1] > 10 * present[len(present) // 2]


def _scaled(value: int, top: int, log: bool) -> float:
    """``value``'s bar height as a share of the panel (log10(1 + v) on a log scale)."""
    if value <= 0:
        return 0.0
    if not log:
        return value / top
    return math.log10(1 + value) / math.log10(1 + top)


def source_mix_chart(rows: Sequence[Mapping[str, Any]], width: int = 760) -> Markup:
    """One 100% bar per outlet split by source kind."""
    if not rows:
        return _svg(width, 40, ['<text x="10" y="24">No sources yet.</text>'], "no data")
    label_w, row_h = 190, 22
    height = row_h * len(rows) + 10
    span = width - label_w - 60
    body: list[str] = []
    for i, r in enumerate(rows):
        y = 5 + i * row_h
        outlet = str(r["outlet"])
        shown = outlet if len(outlet) <= 28 else outlet[:27] + "…"
        body.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                    f'{escape(shown)}</text>')
        x = float(label_w)
        total = int(r["total"]) or 1
        for kind in SOURCE_KINDS:
            n = int(r["kinds"].get(kind, 0))
            if not n:
                continue
            w = span * n / total
            body.append(f'<rect class="mix-{kind}" x="{x:.1f}" y="{y + 2}" width="{w:.1f}" '
                        f'height="{row_h - 6}"><title>{escape(outlet)}: {n} '
                        f'{escape(kind.replace("_", " "))}</title></rect>')
            x += w
        body.append(f'<text x="{label_w + span + 6}" y="{y + 14}">{total:,}</text>')
    return _svg(width, height, body, "source kinds per outlet")


def trace_chart(observations: Sequence[Mapping[str, Any]],
                edges: Sequence[Mapping[str, Any]], width: int = 760) -> Markup:
    """The trace of a claim: one row per observation at its time, edges drawn from each
    later observation to the earlier one it cites, copies or shares a source with.

    ``observations`` need ``uid``, ``outlet``, ``time`` and ``origin`` (a root); an edge
    to a ``virtual:`` observation (a cited outlet not in the ledger) gets its own row.
    """
    rows: list[dict[str, Any]] = [dict(o) for o in observations]
    known = {o["uid"] for o in rows}
    for edge in edges:
        if edge["dst"] not in known:
            known.add(edge["dst"])
            name = str(edge["dst"]).split(":", 1)[-1]
            rows.insert(0, {"uid": edge["dst"], "outlet": f"{name} (not in ledger)",
                            "time": None, "origin": True, "virtual": True})
    if not rows:
        return _svg(width, 40, ['<text x="10" y="24">No observations.</text>'], "no data")
    label_w, row_h, right = 200, 24, 30
    days = [d for d in (_day(o.get("time")) for o in rows) if d is not None]
    lo, hi = (min(days), max(days)) if days else (0, 0)
    span = width - label_w - right - 20
    xs = spread_by_day([_day(o.get("time")) for o in rows], lo, hi, span)
    position: dict[str, tuple[float, float]] = {}
    body: list[str] = []
    for i, o in enumerate(rows):
        y = 16 + i * row_h
        x = label_w + 10 + xs[i]
        position[o["uid"]] = (x, y)
        outlet = str(o.get("outlet") or "(unknown outlet)")
        shown = outlet if len(outlet) <= 24 else outlet[:23] + "…"
        if o.get("time"):
            shown += " · " + str(o["time"])[:10]
        body.append(f'<text x="{label_w - 6}" y="{y + 4}" text-anchor="end">{escape(shown)}'
                    "</text>")
    for edge in edges:
        if edge["src"] not in position or edge["dst"] not in position:
            continue
        (x1, y1), (x2, y2) = position[edge["src"]], position[edge["dst"]]
        bend = 18 + abs(y1 - y2) * 0.25
        kind = str(edge["kind"])
        body.append(f'<path class="edge e-{escape(kind)}" d="M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},'
                    f'{y1:.1f} {x2 + bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"><title>'
                    f'{escape(kind.replace("_", " "))}: {escape(edge.get("reason") or "")}'
                    "</title></path>")
    # Each dot links to its observation's row in the table below the chart.
    anchors = {o["uid"]: i + 1 for i, o in enumerate(observations)}
    for o in rows:
        px, py = position[o["uid"]]
        css = "dot origin" if o.get("origin") else "dot"
        when = o.get("time") or "undated"
        dot = (f'<circle class="{css}" cx="{px:.1f}" cy="{py:.1f}" r="6"><title>'
               f'{escape(o.get("outlet") or "")} · {escape(str(when)[:10])}</title></circle>')
        anchor = anchors.get(o["uid"])
        body.append(f'<a href="#obs-{anchor}">{dot}</a>' if anchor else dot)
    height = 16 + len(rows) * row_h + 18
    if days:
        body.append(f'<text x="{label_w + 10}" y="{height - 4}">'
                    f'{date.fromordinal(lo).isoformat()}</text>')
        if hi > lo:
            body.append(f'<text x="{label_w + 10 + span}" y="{height - 4}" text-anchor="end">'
                        f'{date.fromordinal(hi).isoformat()}</text>')
    return _svg(width, height, body, "claim trace: observations over time with their links")


SAME_DAY_STEP = 12.0  # px between observations of one day on a trace chart


def spread_by_day(days: Sequence[int | None], lo: int, hi: int, span: float) -> list[float]:
    """x offsets (0..span) of rows dated ``days``: by date, observations of one day spread
    out around the day's place (in row order, which is time order) instead of piling on
    one x; on a one-day trace they share the whole width. Undated rows go past the end."""
    by_day: dict[int, list[int]] = {}
    for i, d in enumerate(days):
        if d is not None:
            by_day.setdefault(d, []).append(i)
    xs = [span + 10.0] * len(days)
    for d, members in by_day.items():
        n = len(members)
        if hi == lo:  # one day: its observations in time order across the chart
            for k, i in enumerate(members):
                xs[i] = span * k / (n - 1) if n > 1 else span / 2
            continue
        centre = span * (d - lo) / (hi - lo)
        step = min(SAME_DAY_STEP, span / max(n - 1, 1))
        start = min(max(centre - step * (n - 1) / 2, 0.0), span - step * (n - 1))
        for k, i in enumerate(members):
            xs[i] = start + step * k
    return xs


def dot_timeline(points: Sequence[Mapping[str, Any]], width: int = 760) -> Markup:
    """Dots on a time axis, one per point (``time``, ``label``, ``weight`` and optionally
    ``href``, where a click on the dot goes), stacked per day."""
    dated = [(d, p) for p in points if (d := _day(p.get("time"))) is not None]
    if not dated:
        return _svg(width, 40, ['<text x="10" y="24">No dated articles.</text>'], "no data")
    lo = min(d for d, _ in dated)
    hi = max(d for d, _ in dated)
    left, right = 20, 20
    span = width - left - right
    stack: dict[int, int] = {}
    body = [f'<line class="axis" x1="{left}" y1="70" x2="{width - right}" y2="70"/>']
    for d, p in sorted(dated, key=lambda item: item[0]):
        x = left + (span * (d - lo) / (hi - lo) if hi > lo else span / 2)
        level = stack.get(round(x), 0)
        stack[round(x)] = level + 1
        y = 62.0 - 9 * min(level, 6)
        radius = 3 + min(int(p.get("weight") or 1), 5)
        dot = (f'<circle class="dot" cx="{x:.1f}" cy="{y}" r="{radius}"><title>'
               f'{escape(str(p.get("time"))[:10])} · {escape(p.get("label") or "")}'
               "</title></circle>")
        # A point with an ``href`` jumps to what it stands for (an appearance below).
        body.append(f'<a href="{escape(p["href"])}">{dot}</a>' if p.get("href") else dot)
    body.append(f'<text x="{left}" y="88">{date.fromordinal(lo).isoformat()}</text>')
    if hi > lo:
        body.append(f'<text x="{width - right}" y="88" text-anchor="end">'
                    f'{date.fromordinal(hi).isoformat()}</text>')
    return _svg(width, 94, body, "timeline")


def _month_ticks(months: Sequence[str], most: int = 8) -> list[int]:
    """Indexes of the months to label: about ``most`` evenly spaced, first and last."""
    if not months:
        return []
    step = max(1, -(-len(months) // most))
    ticks = list(range(0, len(months), step))
    if ticks[-1] != len(months) - 1:
        ticks.append(len(months) - 1)
    return ticks


def profile_over_time(rows: Sequence[Mapping[str, Any]], width: int = 760) -> Markup:
    """An outlet's sourcing per month of publication: one bar per month stacked by source
    kind (``month``, ``kinds``, ``total``), with the months labelled along the axis."""
    if not rows:
        return _svg(width, 40, ['<text x="10" y="24">No dated articles.</text>'], "no data")
    left, top_pad, panel = 44, 10, 140
    height = top_pad + panel + 30
    step = (width - left - 10) / len(rows)
    bar = max(1.0, step * 0.8)
    top = max(int(r["total"]) for r in rows) or 1
    base = top_pad + panel
    body = [f'<line class="axis" x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}"/>',
            f'<text x="4" y="{top_pad + 10}">{top:,}</text>', f'<text x="4" y="{base}">0</text>']
    for i, r in enumerate(rows):
        x = left + i * step
        y = float(base)
        for kind in SOURCE_KINDS:
            n = int(r["kinds"].get(kind, 0))
            if not n:
                continue
            h = panel * n / top
            y -= h
            body.append(f'<rect class="mix-{kind}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                        f'height="{h:.1f}"><title>{escape(r["month"])}: {n:,} '
                        f'{escape(kind.replace("_", " "))}</title></rect>')
    for i in _month_ticks([str(r["month"]) for r in rows]):
        x = left + i * step + bar / 2
        body.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle">'
                    f'{escape(rows[i]["month"])}</text>')
    return _svg(width, height, body, "sources per month by kind")


def mark_shared_words(a: str, b: str) -> tuple[Markup, Markup]:
    """Both texts escaped, with every word that occurs in the other wrapped in
    ``<mark>`` (case-insensitive), so a copy's borrowed wording shows at a glance."""
    import re

    def words(text: str) -> set[str]:
        return {w.casefold() for w in re.findall(r"\w+", text)}

    def marked(text: str, other: set[str]) -> Markup:
        parts = re.split(r"(\w+)", text)
        return Markup("".join(
            f"<mark>{escape(p)}</mark>" if i % 2 and p.casefold() in other else str(escape(p))
            for i, p in enumerate(parts)))

    return marked(a, words(b)), marked(b, words(a))
