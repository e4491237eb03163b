"""Numeric contradictions: ranges, approximations and exact numbers."""

from __future__ import annotations

import math

from claimledger.linking.contradictions import cluster_contradictions, interval
from claimledger.linking.observation import Observation, QuantityValue


def obs(ident: str, *quantities: QuantityValue, article: str | None = None,
        published: str = "2024-01-01") -> Observation:
    return Observation(ident, article or f"art-{ident}", f"Outlet {ident}", published,
                       "Several thousand people joined the march.", None, None, None,
                       quantities)


def people(value: float | None = None, low: float | None = None,
           high: float | None = None, unit: str = "people") -> QuantityValue:
    return QuantityValue(value, low, high, unit, "count")


def pairs(*observations: Observation) -> list[tuple[str, str]]:
    return [(c.a, c.b) for c in cluster_contradictions(observations, tolerance=0.005)]


def test_intervals() -> None:
    assert interval(people(low=30), 0.005) == (30, math.inf)
    assert interval(people(high=9000, low=3000), 0.005) == (3000, 9000)
    low, high = interval(people(40), 0.005) or (0.0, 0.0)
    assert 39.7 < low < 40 < high < 40.3
    assert interval(QuantityValue(None, None, None, "people", "count"), 0.005) is None


def test_several_thousand_against_numbers() -> None:
    several = people(low=3000, high=9000)
    assert pairs(obs("a", several), obs("b", people(5000), published="2024-01-02")) == []
    assert pairs(obs("a", several), obs("b", people(12000), published="2024-01-02")) == [
        ("a", "b")]


def test_about_forty_covers_ten_percent() -> None:
    about = people(low=36, high=44)
    assert pairs(obs("a", about), obs("b", people(43), published="2024-01-02")) == []
    assert pairs(obs("a", about), obs("b", people(50), published="2024-01-02")) == [("a", "b")]


def test_exact_numbers_compare_with_a_small_tolerance() -> None:
    assert pairs(obs("a", people(1200)), obs("b", people(1203), published="2024-01-02")) == []
    assert pairs(obs("a", people(38)), obs("b", people(39), published="2024-01-02")) == [
        ("a", "b")]


def test_other_units_same_article_and_second_counts_do_not_contradict() -> None:
    assert pairs(obs("a", people(38)), obs("b", people(52, unit="homes"),
                                           published="2024-01-02")) == []
    assert pairs(obs("a", people(38), article="x"), obs("b", people(52), article="x",
                                                        published="2024-01-02")) == []
    # "30 killed and 50 injured" must not contradict "50 injured".
    assert pairs(obs("a", people(30), people(50)), obs("b", people(50),
                                                       published="2024-01-02")) == []


def test_one_contradiction_per_later_observation_with_the_earliest() -> None:
    repeats = [obs(f"r{i}", people(38), published=f"2024-01-0{i}") for i in range(1, 6)]
    outlier = obs("z", people(52), published="2024-01-09")
    assert pairs(*repeats, outlier) == [("r1", "z")]


def test_ordinals_centuries_years_and_bare_numbers_are_never_compared() -> None:
    century = QuantityValue(14, None, None, None, "ordinal")
    third = QuantityValue(1 / 3, None, None, None, "fraction")
    half = QuantityValue(0.5, None, None, None, "fraction")
    assert pairs(obs("a", century), obs("b", third)) == []
    assert pairs(obs("a", QuantityValue(15, None, None, None, "ordinal")), obs("b", century)) == []
    assert pairs(obs("a", QuantityValue(2019, None, None, None, "date")),
                 obs("b", QuantityValue(2020, None, None, None, "date"))) == []
    age = QuantityValue(45, None, None, None, "count")  # "Smith, 45," / "Flight 370"
    assert pairs(obs("a", age), obs("b", QuantityValue(370, None, None, None, "count"))) == []
    # Measured amounts still disagree: fractions with fractions, counts of one unit family.
    assert pairs(obs("a", third), obs("b", half)) == [("a", "b")]
    assert pairs(obs("a", people(232.9, unit="points")),
                 obs("b", people(101.5, unit="point"))) == [("a", "b")]
