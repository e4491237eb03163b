"""Provenance rules on hand-built clusters: virtual cites, anonymous origins, wire fan-out."""

from __future__ import annotations

from claimledger.linking.observation import VIRTUAL_PREFIX, Observation
from claimledger.linking.provenance import cluster_edges, cluster_origins

TEXT = "The strike closed 14 ports, the union said."


def obs(ident: str, outlet: str, hour: int, holder: str | None = None,
        kind: str | None = None, cited: str | None = None) -> Observation:
    return Observation(ident, f"art-{ident}", outlet, f"2024-05-01T{hour:02d}:00:00", TEXT,
                       holder, kind, cited)


def test_cited_outlet_missing_from_the_ledger_becomes_a_virtual_root() -> None:
    members = [obs("a", "Daily One", 9, "Dock Workers Union", "named_organization",
                   cited="Reuters"),
               obs("b", "Daily Two", 10, cited="Reuters")]
    edges = cluster_edges(members, {})
    assert {(e.src, e.dst, e.kind) for e in edges} == {
        ("a", VIRTUAL_PREFIX + "reuters", "cites"), ("b", VIRTUAL_PREFIX + "reuters", "cites")}
    origins = cluster_origins(members, edges)
    # The first observation to cite Reuters names the union: Reuters quoted the union.
    assert [(o.name, o.observations) for o in origins] == [("Dock Workers Union", ("a", "b"))]


def test_own_voice_and_anonymous_sources_count_per_outlet_marked_anonymous() -> None:
    members = [obs("a", "Daily One", 9),
               obs("b", "Daily Two", 10, "people familiar with the matter", "anonymous"),
               obs("c", "The Daily One", 11, "a senior official", "official_unnamed")]
    origins = cluster_origins(members, cluster_edges(members, {}))
    assert sorted((o.key, o.observations) for o in origins) == [
        ("outlet:daily one", ("a", "c")), ("outlet:daily two", ("b",))]
    # Daily One has own reporting and an unnamed official: as weak as its weakest root.
    assert all(o.anonymous and o.kind == "anonymous" for o in origins)


def test_an_outlets_own_reporting_is_its_own_origin_kind_not_anonymous() -> None:
    members = [obs("a", "Daily One", 9), obs("b", "Daily Two", 10),
               obs("c", "Daily Three", 11, "people familiar with the matter", "anonymous")]
    origins = {o.key: o for o in cluster_origins(members, cluster_edges(members, {}))}
    assert {k: (o.kind, o.anonymous) for k, o in origins.items()} == {
        "outlet:daily one": ("own_reporting", False),
        "outlet:daily two": ("own_reporting", False),
        "outlet:daily three": ("anonymous", True)}
    assert "own reporting of Daily One" in origins["outlet:daily one"].reason
    assert "unnamed sources of Daily Three" in origins["outlet:daily three"].reason


def test_forty_outlets_repeating_one_wire_story_are_one_origin() -> None:
    wire = obs("w", "Coastline Wire", 8, "Maria Lopez", "named_person")
    outlets = [obs(f"o{i}", f"Outlet {i}", 9 + i % 10, "Maria Lopez", "named_person",
                   cited="Coastline Wire") for i in range(40)]
    copies = {f"o{i}": [("w", 0.95)] for i in range(0, 40, 2)}
    edges = cluster_edges([wire, *outlets], copies)
    assert sum(e.kind == "cites" for e in edges) == 40
    assert sum(e.kind == "copies" for e in edges) == 20
    assert sum(e.kind == "same_source" for e in edges) == 40
    assert all(e.dst == "w" for e in edges)
    origins = cluster_origins([wire, *outlets], edges)
    assert len(origins) == 1 and len(origins[0].observations) == 41
    assert "and " in origins[0].reason  # long reasons are cut with a count


def test_a_second_interview_adds_an_origin() -> None:
    members = [obs("w", "Coastline Wire", 8, "Maria Lopez", "named_person"),
               obs("x", "Outlet X", 9, "Maria Lopez", "named_person", cited="Coastline Wire"),
               obs("y", "Valley Times", 10, "Dr Ana Ruiz", "named_person",
                   cited="Valley Times")]
    origins = cluster_origins(members, cluster_edges(members, {}))
    assert sorted(o.name for o in origins) == ["Dr Ana Ruiz", "Maria Lopez"]


def test_edges_always_point_to_earlier_observations() -> None:
    later_first = [obs("late", "Outlet B", 12, cited="Outlet A"), obs("early", "Outlet A", 7)]
    edges = cluster_edges(later_first, {"early": [("late", 1.0)], "late": [("early", 1.0)]})
    assert {(e.src, e.dst, e.kind) for e in edges} == {("late", "early", "cites"),
                                                        ("late", "early", "copies")}
