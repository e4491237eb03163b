"""Same event, not same template: clusters split by article dates and time words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_linking_properties import BagOfWords

from claimledger.linking import link
from claimledger.linking.contradictions import cluster_contradictions
from claimledger.linking.events import (
    compatible,
    event_day,
    event_parts,
    event_time,
    event_window,
)
from claimledger.linking.external import link_external
from claimledger.linking.observation import Observation, QuantityValue
from claimledger.linking.sink import ResultSink

FELL = QuantityValue(232.9, None, None, "points", "count")


def obs(ident: str, published: str | None, text: str,
        *quantities: QuantityValue) -> Observation:
    return Observation(ident, f"art-{ident}", f"Outlet {ident}", published, text,
                       None, None, None, quantities)


def test_time_words_resolve_against_the_article_day() -> None:
    friday = date(2024, 3, 8)
    monday = date(2024, 3, 11)
    assert event_day("Shares fell on Friday.", monday) == friday
    assert event_day("Shares fell on Friday.", friday) == friday
    assert event_day("Shares fell yesterday.", monday) == date(2024, 3, 10)
    assert event_day("Shares fell today.", monday) == monday
    assert event_day("Shares fell on March 8.", monday) == friday
    assert event_day("Shares fell on 8th March.", monday) == friday
    # A day after the article's day is last year's.
    assert event_day("Shares fell on 20 March.", monday) == date(2023, 3, 20)
    assert event_day("Shares fell.", monday) is None
    assert event_day("Shares fell on Friday.", None) is None


def test_weeks_and_months_are_windows_when_no_day_is_named() -> None:
    friday = date(2024, 3, 8)
    assert event_window("Orders weakened this week.", friday) == (date(2024, 3, 4), friday)
    assert event_window("Orders weakened through the week.", friday) == (
        date(2024, 3, 4), friday)
    assert event_window("Orders weakened last week.", friday) == (
        date(2024, 2, 26), date(2024, 3, 3))
    assert event_window("Orders weakened over the past week.", friday) == (
        date(2024, 3, 1), friday)
    assert event_window("Orders weakened last month.", friday) == (
        date(2024, 2, 1), date(2024, 2, 29))
    assert event_window("Orders weakened this month.", friday) == (date(2024, 3, 1), friday)
    # A named day wins over the week it lies in; "last Friday" on a Friday is a week back.
    assert event_window("This week shares fell on Tuesday.", friday) == (
        date(2024, 3, 5), date(2024, 3, 5))
    assert event_day("Shares fell last Friday.", friday) == date(2024, 3, 1)
    assert event_window("Orders weakened.", friday) is None
    assert event_window("Orders weakened this week.", None) is None


def test_a_weekly_boilerplate_claim_is_one_event_per_week() -> None:
    """No number and no day, so it used to be timeless and linked across weeks."""
    text = "Dealers said export orders had weakened this week."
    first = obs("a", "2024-03-08T18:00:00", text)
    again = obs("b", "2024-03-15T18:00:00", text)
    assert [[o.id for o in part] for part in event_parts([again, first])] == [["a"], ["b"]]
    # The same week from Monday's paper ("last week") and a report without time words
    # two days after the week are the same event.
    monday = obs("c", "2024-03-11T07:00:00", "Export orders weakened last week, dealers said.")
    later = obs("d", "2024-03-10T09:00:00", "Dealers said export orders had weakened.")
    assert len(event_parts([first, monday, later])) == 1
    assert compatible(event_time(first), event_time(monday))
    assert not compatible(event_time(again), event_time(monday))


def test_same_template_a_week_apart_is_two_events_and_no_contradiction() -> None:
    text = "The FTSE 100 fell 232.90 points on Friday."
    a = obs("a", "2024-03-08T18:00:00", text, FELL)
    b = obs("b", "2024-03-15T18:00:00", text, QuantityValue(101.5, None, None, "points",
                                                               "count"))
    c = obs("c", "2024-03-09T08:00:00", "On Friday the FTSE 100 dropped 232.9 points.", FELL)
    parts = event_parts([b, c, a])
    assert [[o.id for o in part] for part in parts] == [["a", "c"], ["b"]]
    assert all(cluster_contradictions(part, tolerance=0.005) == [] for part in parts)


def test_numbers_without_time_words_split_beyond_a_week_timeless_claims_never() -> None:
    text = "The FTSE 100 fell 232.90 points."
    assert len(event_parts([obs("a", "2024-03-08", text, FELL),
                            obs("b", "2024-04-02", text, FELL)])) == 2
    assert len(event_parts([obs("a", "2024-03-08", text, FELL),
                            obs("b", "2024-03-12", text, FELL)])) == 1
    timeless = "The minister denies every charge against her."
    assert len(event_parts([obs("a", "2024-03-08", timeless),
                            obs("b", "2025-01-02", timeless)])) == 1


def test_a_later_report_without_time_words_joins_the_named_day() -> None:
    named = event_time(obs("a", "2024-03-11", "Shares fell on Friday.", FELL))
    assert compatible(named, event_time(obs("b", "2024-03-09", "Shares fell.", FELL)))
    assert not compatible(named, event_time(obs("b", "2024-03-20", "Shares fell.", FELL)))


def test_undated_observations_never_split_a_cluster_and_order_does_not_matter() -> None:
    text = "The FTSE 100 fell 232.90 points on Friday."
    members = [obs("a", "2024-03-08", text, FELL), obs("b", "2024-03-15", text, FELL),
               obs("u", None, text, FELL)]
    parts = [[o.id for o in part] for part in event_parts(members)]
    assert parts == [["a", "u"], ["b"]]
    assert [[o.id for o in p] for p in event_parts(members[::-1])] == parts


def test_several_outlets_over_several_days_through_link_and_link_external(
        tmp_path: Path) -> None:
    """Through both drivers: one template on two Fridays is two claims; a real disagreement
    about one event is a contradiction; a century never is."""
    toll = "Officials said the floods on Friday killed {} people in the river valley."
    century = "The bridge swept away by the floods dated from the {} century, officials said."
    observations = [
        obs("a1", "2024-03-08T10:00:00", FTSE, FELL),
        obs("a2", "2024-03-09T07:00:00", FTSE, FELL),
        obs("b1", "2024-03-15T18:00:00", FTSE, QuantityValue(101.5, None, None, "points",
                                                               "count")),
        obs("c1", "2024-03-08T12:00:00", toll.format(38), people(38)),
        obs("c2", "2024-03-09T09:00:00", toll.format(52), people(52)),
        obs("d1", "2024-03-08T12:00:00", century.format("14th"),
            QuantityValue(14, None, None, None, "ordinal")),
        obs("d2", "2024-03-09T12:00:00", century.format("15th"),
            QuantityValue(15, None, None, None, "ordinal")),
    ]
    result = link(observations, embedder=BagOfWords())
    sink = ResultSink()
    link_external(iter(observations), sink, embedder=BagOfWords(), workdir=tmp_path)
    external = sink.result()
    assert external.clusters == result.clusters
    assert external.contradictions == result.contradictions
    clusters = result.clusters
    assert clusters["a1"] == clusters["a2"] != clusters["b1"]
    assert clusters["c1"] == clusters["c2"]
    assert clusters["d1"] == clusters["d2"]
    assert [(c.a, c.b) for c in result.contradictions] == [("c1", "c2")]


FTSE = "The FTSE 100 fell 232.90 points on Friday as bank shares slid."


def people(value: float) -> QuantityValue:
    return QuantityValue(value, None, None, "people", "count")
