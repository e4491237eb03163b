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
