"""The multi-outlet fixture: exact provenance trace, origin count and contradiction.

Observations are built by hand from the fixture files (the claim sentence, its holder and
what it cites), so this test does not depend on the analysis engine; linking, embeddings
and MinHash are the real ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.linking import Edge, LinkResult, Observation, QuantityValue, link

FIXTURE = Path(__file__).parent / "fixtures" / "multi-outlet"
MINISTRY = "Ministry of Water Resources"

# file -> (claim sentence prefix, holder, holder kind, cited, deaths)
CLAIMS: dict[str, tuple[str, str, str, str | None, float]] = {
    "01-ministry-statement.txt": ("The Ministry of Water Resources confirmed", MINISTRY,
                                  "named_organization", None, 38),
    "02-coastline-wire.txt": ("Thirty-eight people died", MINISTRY, "named_organization",
                              None, 38),
    "03-daily-harbour.txt": ("Thirty-eight people died", MINISTRY, "named_organization",
                             "Coastline Wire", 38),
    "04-northern-ledger.txt": ("According to Coastline Wire", MINISTRY,
                               "named_organization", "Coastline Wire", 38),
    "05-evening-courier.txt": ("Thirty-eight people died", MINISTRY, "named_organization",
                               None, 38),
    "06-valley-times.txt": ("Provincial governor Elena Marsh", "Elena Marsh", "named_person",
                            "Valley Times", 38),
    "07-metro-signal.txt": ("The floods in Valdoria province have killed 52", MINISTRY,
                            "named_organization", "Coastline Wire", 52),
}


def _sentence(text: str, prefix: str) -> str:
    start = text.index(prefix)
    return text[start:text.index(".", text.index(" ", start + len(prefix))) + 1]


def fixture_observations() -> list[Observation]:
    meta = {row["file"]: row for row in
            (json.loads(line) for line in
             (FIXTURE / "metadata.jsonl").read_text(encoding="utf-8").splitlines())}
    out = []
    for number, (name, (prefix, holder, kind, cited, deaths)) in enumerate(CLAIMS.items(), 1):
        text = (FIXTURE / name).read_text(encoding="utf-8")
        out.append(Observation(
            id=f"o{number}", article_id=f"a{number}", outlet=meta[name]["outlet"],
            published=meta[name]["published"], text=_sentence(text, prefix),
            holder_name=holder, holder_kind=kind, cited=cited,
            quantities=(QuantityValue(deaths, None, None, "people", "count"),)))
    rail = _sentence((FIXTURE / "07-metro-signal.txt").read_text(encoding="utf-8"),
                     "Rail services")
    out.append(Observation("o8", "a7", "Metro Signal", "2024-03-05T09:00:00", rail,
                           "transport ministry", "named_organization", None))
    return out


@pytest.fixture(scope="module")
def result() -> LinkResult:
    return link(fixture_observations())


def test_flood_claims_form_one_cluster_without_the_rail_claim(result: LinkResult) -> None:
    flood = {result.clusters[f"o{i}"] for i in range(1, 8)}
    assert len(flood) == 1
    assert result.clusters["o8"] not in flood


def test_exact_provenance_trace(result: LinkResult) -> None:
    edges = {(e.src, e.dst, e.kind) for e in result.edges}
    assert edges == {
        ("o2", "o1", "cites"), ("o2", "o1", "same_source"),
        ("o3", "o2", "cites"), ("o3", "o2", "copies"), ("o3", "o1", "same_source"),
        ("o4", "o2", "cites"), ("o4", "o1", "same_source"),
        ("o5", "o1", "cites"), ("o5", "o2", "copies"), ("o5", "o1", "same_source"),
        ("o7", "o2", "cites"), ("o7", "o1", "same_source"),
    }
    assert all(isinstance(e, Edge) and e.reason for e in result.edges)


def test_two_independent_origins_with_reasons(result: LinkResult) -> None:
    canonical = result.clusters["o1"]
    assert result.independent_origins(canonical) == 2
    origins = {o.name: o for o in result.origins[canonical]}
    assert set(origins) == {MINISTRY, "Elena Marsh"}
    assert origins[MINISTRY].observations == ("o1", "o2", "o3", "o4", "o5", "o7")
    assert origins["Elena Marsh"].observations == ("o6",)
    assert not any(o.anonymous for o in origins.values())
    assert "obs o2 cites Ministry of Water Resources (obs o1)" in origins[MINISTRY].reason
    assert "obs o3 cites Coastline Wire (obs o2)" in origins[MINISTRY].reason
    assert "obs o5 copies obs o2" in origins[MINISTRY].reason


def test_the_one_contradiction_is_the_different_number(result: LinkResult) -> None:
    assert [(c.a, c.b) for c in result.contradictions] == [("o1", "o7")]
    assert "52" in result.contradictions[0].reason


def test_relinking_keeps_canonical_ids(result: LinkResult) -> None:
    again = link(list(reversed(fixture_observations())))
    assert again.clusters == result.clusters


# End to end: the same files through claimledger.analyze, observations built the way the
# ledger builds them (claim span, holder source, quantities). The engine's attribution
# decides the holders; this variant asserts the clustering, copies, contradiction and
# origins (the ledger-level test, test_ledger_fixture_trace.py, asserts the full trace).


@pytest.fixture(scope="module")
def analysed() -> list[Observation]:
    import claimledger

    meta = [json.loads(line) for line in
            (FIXTURE / "metadata.jsonl").read_text(encoding="utf-8").splitlines()]
    out = []
    for row in meta:
        analysis = claimledger.analyze((FIXTURE / row["file"]).read_text(encoding="utf-8"),
                                       outlet=row["outlet"], published=row["published"])
        data = analysis.to_dict()
        sources = {s["id"]: s for s in data["sources"]}
        quantities = {q["id"]: q for q in data["quantities"]}
        for claim in data["claims"]:
            holder = sources.get(claim["holder"] or "")
            kind = holder["kind"] if holder else None
            out.append(Observation(
                id=f"{row['file'][:2]}-{claim['id']}", article_id=row["file"],
                outlet=row["outlet"], published=row["published"], text=claim["span"]["text"],
                holder_name=holder["name"] if holder else None, holder_kind=kind,
                cited=holder["name"] if holder and kind in ("publication", "document") else None,
                quantities=tuple(QuantityValue(q["value"], q["low"], q["high"], q["unit"],
                                               q["kind"] or "")
                                 for q in (quantities[i] for i in claim["quantities"]))))
    return out


def test_end_to_end_clusters_copies_and_contradiction(analysed: list[Observation]) -> None:
    result = link(analysed)
    by_start = {o.text[:30]: o for o in analysed}
    flood = [o for o in analysed if "floods in Valdoria province" in o.text
             or "floods that swept through Valdoria" in o.text]
    assert {o.article_id[:2] for o in flood} == {f"0{i}" for i in range(1, 8)}
    assert len({result.clusters[o.id] for o in flood}) == 1
    rail = by_start["Rail services between Valdoria"]
    assert result.clusters[rail.id] != result.clusters[flood[0].id]
    copies = {(e.src[:2], e.dst[:2]) for e in result.edges if e.kind == "copies"}
    assert {("03", "02"), ("05", "02")} <= copies
    assert [(c.a[:2], c.b[:2]) for c in result.contradictions] == [("01", "07")]
    origins = {o.name for o in result.origins[result.clusters[flood[0].id]]}
    assert origins == {"Ministry of Water Resources", "Elena Marsh"}
