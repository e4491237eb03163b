"""The trace chart's x positions: observations of one day spread out instead of piling
on one x, in time order, inside the chart; every dot links to its observation's row."""

from __future__ import annotations

import re

from claimledger.web.svg import SAME_DAY_STEP, spread_by_day, trace_chart


def test_one_day_spreads_across_the_whole_width() -> None:
    xs = spread_by_day([7, 7, 7, 7, 7], 7, 7, 400.0)
    assert xs == [0.0, 100.0, 200.0, 300.0, 400.0]


def test_same_day_rows_spread_around_their_day_in_row_order() -> None:
    days = [100, 150, 150, 150, 200, None]
    xs = spread_by_day(days, 100, 200, 500.0)
    assert xs[0] == 0.0 and xs[4] == 500.0 - 0.0  # the ends, alone on their days
    same = xs[1:4]
    assert same == sorted(same) and len(set(same)) == 3
    assert same[1] == 250.0 and same[2] - same[1] == SAME_DAY_STEP
    assert xs[5] > 500.0  # undated: past the end


def test_same_day_rows_at_the_edge_stay_inside_the_chart() -> None:
    xs = spread_by_day([10, 10, 10, 20], 10, 20, 300.0)
    assert min(xs) >= 0.0 and max(xs) <= 300.0
    assert len(set(xs[:3])) == 3


def observation(uid: str, day: str, outlet: str) -> dict[str, object]:
    return {"uid": uid, "time": day, "outlet": outlet, "origin": uid == "a"}


def test_trace_chart_dots_of_one_day_get_distinct_x_and_links() -> None:
    rows = [observation("a", "2019-11-13T09:00:00", "first.example"),
            observation("b", "2019-11-13T11:30:00", "second.example"),
            observation("c", "2019-11-13T15:00:00", "third.example"),
            observation("d", "2019-11-20", "late.example")]
    edges = [{"src": "b", "dst": "a", "kind": "copies", "reason": "same wording"}]
    svg = str(trace_chart(rows, edges))
    xs = [float(x) for x in re.findall(r'<circle class="dot[^"]*" cx="([\d.]+)"', svg)]
    assert len(xs) == 4 and len(set(xs[:3])) == 3 and xs[:3] == sorted(xs[:3])
    assert re.findall(r'<a href="#obs-(\d+)">', svg) == ["1", "2", "3", "4"]
    assert "copies: same wording" in svg


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_source_kind_has_its_own_colour_with_contrast() -> None:
    """Charts colour bars by source kind: one colour per kind, far enough apart to tell
    apart, each at least 3:1 against the page and panel backgrounds (WCAG non-text
    contrast)."""
    from claimledger.model import SOURCE_KINDS
    from claimledger.render.html import STATIC_DIR

    css = (STATIC_DIR / "app.css").read_text(encoding="utf-8")
    colours = {}
    for kind in SOURCE_KINDS:
        found = re.search(rf"svg\.chart \.mix-{kind} {{ fill: (#[0-9a-f]{{6}}); }}", css)
        assert found, kind
        colours[kind] = found.group(1)
        swatch = re.search(rf"\.sw-{kind}, \.swatch\.mix-{kind} {{ background: (#[0-9a-f]{{6}})",
                           css)
        assert swatch and swatch.group(1) == colours[kind], kind  # legends match the bars
    backgrounds = [re.search(rf"--{name}: (#[0-9a-f]{{6}})", css) for name in ("paper", "panel")]
    for background in backgrounds:
        assert background
        light = _luminance(background.group(1))
        for kind, colour in colours.items():
            assert (light + 0.05) / (_luminance(colour) + 0.05) >= 3.0, (kind, colour)
    rgb = {k: [int(c[i:i + 2], 16) for i in (1, 3, 5)] for k, c in colours.items()}
    for a in rgb:
        for b in rgb:
            if a < b:
                distance = sum((x - y) ** 2 for x, y in zip(rgb[a], rgb[b], strict=True)) ** .5
                assert distance >= 70, (a, b, colours[a], colours[b])
