"""Article identity: each publication (outlet, URL, text) is its own article, sharing the
analysis of identical text, so a wire story carried by several outlets is observed once
per outlet, and ingest stays idempotent."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ledger_support import ROOT, snapshot

from claimledger import analyze
from claimledger.inputs import read_document
from claimledger.ledger import Store, ingest, link_ledger
from claimledger.ledger.ingest import article_id_of
from claimledger.ledger.links import iter_observations
from claimledger.ledger.stored import stored_analysis

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server

WIRE = ROOT / "tests" / "fixtures" / "multi-outlet" / "02-coastline-wire.txt"
OUTLETS = {
    "wire.txt": ("Coastline Wire", "https://coastline.example/floods"),
    "herald.txt": ("Harbour Herald", "https://herald.example/news/valdoria-floods"),
    "courier.txt": ("Evening Courier", "https://courier.example/2024/03/04/floods"),
}


def _folder(tmp_path: Path, names: list[str]) -> list[str]:
    """The wire text saved once per outlet, with each copy's outlet and URL beside it."""
    folder = tmp_path / "copies"
    folder.mkdir(exist_ok=True)
    lines = []
    for name in names:
        shutil.copyfile(WIRE, folder / name)
        outlet, url = OUTLETS[name]
        lines.append(json.dumps({"file": name, "outlet": outlet, "url": url,
                                 "published": "2024-03-04T09:00:00"}))
    (folder / "metadata.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(folder / name) for name in names]


def test_each_outlet_of_one_text_is_an_article_with_its_own_observations(
        store: Store, tmp_path: Path) -> None:
    paths = _folder(tmp_path, ["wire.txt", "herald.txt"])
    report = ingest(paths, store, progress=False)
    # Two publications, one analysis: the second waited for the first's.
    assert (report.stored, report.shared, report.already_stored) == (2, 1, 0)
    articles = store.query("SELECT id, outlet, url, text_id, n_claims, analyser "
                           "FROM articles ORDER BY outlet")
    assert [a["outlet"] for a in articles] == ["Coastline Wire", "Harbour Herald"]
    assert articles[0]["id"] != articles[1]["id"]
    assert articles[0]["text_id"] == articles[1]["text_id"]
    assert articles[0]["analyser"] == articles[1]["analyser"] is not None
    claims = articles[0]["n_claims"]
    assert claims > 0 and articles[1]["n_claims"] == claims
    assert store.count("claims") == 2 * claims
    # The same records under each publication.
    first, second = (stored_analysis(store, a["id"]) for a in articles)
    assert first is not None and second is not None
    assert first.claims == second.claims and first.sources == second.sources
    # Linking sees one observation per outlet of every claim, and joins them.
    observed = list(iter_observations(store))
    assert len(observed) == 2 * claims
    by_text: dict[str, set[str | None]] = {}
    for observation in observed:
        by_text.setdefault(observation.text, set()).add(observation.outlet)
    assert all(outlets == {"Coastline Wire", "Harbour Herald"}
               for outlets in by_text.values())
    link_ledger(store)
    pairs = store.query("SELECT c.id, count(DISTINCT a.outlet) AS outlets, "
                        "count(DISTINCT c.canonical_id) AS clusters FROM claims c "
                        "JOIN articles a ON a.id = c.article_id GROUP BY c.id")
    assert all(p["outlets"] == 2 and p["clusters"] == 1 for p in pairs), pairs


def test_ingesting_again_adds_nothing_and_a_new_outlet_shares_the_stored_analysis(
        store: Store, tmp_path: Path) -> None:
    paths = _folder(tmp_path, ["wire.txt", "herald.txt"])
    ingest(paths, store, progress=False)
    before = snapshot(store)
    again = ingest(paths, store, progress=False)
    assert (again.stored, again.skipped) == (0, 2)
    assert snapshot(store) == before
    # Another spelling of the same path is the same publication.
    relative = [os.path.relpath(p) for p in paths]
    assert set(relative).isdisjoint(store.done_keys())
    spelled = ingest(relative, store, progress=False)
    assert (spelled.stored, spelled.already_stored) == (0, 2)
    # A third outlet later (as after a killed run): the stored analysis is reused.
    later = ingest(_folder(tmp_path, ["wire.txt", "herald.txt", "courier.txt"]), store,
                   progress=False)
    assert (later.stored, later.shared, later.skipped) == (1, 1, 2)
    counts = store.query("SELECT outlet, n_claims, (SELECT count(*) FROM claims c "
                         "WHERE c.article_id = a.id) AS stored FROM articles a")
    assert len(counts) == 3
    assert all(c["n_claims"] == c["stored"] > 0 for c in counts)


def test_a_joint_speakers_members_survive_the_ledger(store: Store, tmp_path: Path) -> None:
    # why: sources[].members (issue 12, item 5) was dropped on storage, so the ledger's
    # article pages and exports lost who a group source's members are
    path = tmp_path / "pair.txt"
    path.write_text("Kurt Volker, a former envoy, and Tim Morrison, a White House aide, "
                    "testified on Tuesday. Volker and Morrison said the call was not improper. "
                    "\"We had no concerns at the time,\" the pair said.\n", encoding="utf-8")
    ingest([str(path)], store, progress=False)
    fresh = analyze(path.read_text(encoding="utf-8"))
    stored = stored_analysis(store, article_id_of(read_document(str(path))))
    assert stored is not None
    groups = [s.to_dict() for s in stored.sources if s.members]
    assert groups and groups == [s.to_dict() for s in fresh.sources if s.members]
