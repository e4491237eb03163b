"""Ingest into both backends: mixed inputs in one run, idempotency, resume, errors, linking."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_support import (
    BACKENDS,
    CORPUS,
    backend_url,
    snapshot,
    wikinews_about,
)

from claimledger.inputs import iter_inputs
from claimledger.ledger import IngestReport, Store, ingest, link_ledger, open_store
from claimledger.ledger.ingest import article_id_of
from claimledger.linking.observation import EDGE_KINDS

# 20 Wikinews articles on one subject, two tiny archives holding the same page, and the
# feeds folder (one Atom feed whose entries have no text: per-record failures).
MIXED = [*wikinews_about("Apple", 20),
         str(CORPUS / "warc" / "warcio-example.warc.gz"),
         str(CORPUS / "warc" / "warcio-example.arc"),
         str(CORPUS / "feeds")]

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server


@pytest.fixture(scope="module", params=BACKENDS)
def ingested(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, IngestReport]]:
    """One ledger per backend holding ``MIXED``, ingested and linked once per module."""
    with backend_url(request, tmp_path_factory.mktemp("mixed")) as url:
        opened = open_store(url)
        report = ingest(MIXED, opened, progress=False)
        link_ledger(opened)
        try:
            yield opened, report
        finally:
            opened.close()


@pytest.fixture(scope="module")
def expected() -> dict[str, list[str]]:
    """What the inputs hold, read by the input layer: keys of documents and of failures."""
    documents: dict[str, str] = {}
    failures: list[str] = []
    for item in iter_inputs(MIXED):
        if item.document is not None:
            documents[item.key] = article_id_of(item.document)
        else:
            failures.append(item.key)
    return {"keys": sorted(documents), "ids": sorted(set(documents.values())),
            "failures": sorted(failures)}


def test_one_run_stores_every_document_and_records_every_failure(
        ingested: tuple[Store, IngestReport], expected: dict[str, list[str]]) -> None:
    db, report = ingested
    assert report.inputs == len(expected["keys"]) + len(expected["failures"])
    assert report.stored == len(expected["ids"])
    assert report.already_stored == len(expected["keys"]) - len(expected["ids"])
    assert report.failed == len(expected["failures"]) > 0
    assert sorted(db.done_keys()) == expected["keys"]
    assert sorted(r["id"] for r in db.query("SELECT id FROM articles")) == expected["ids"]
    errors = db.query("SELECT key, name, reason, resolved_at FROM errors ORDER BY key")
    assert [e["key"] for e in errors] == expected["failures"]
    assert all(e["reason"] and e["resolved_at"] is None for e in errors)


def test_every_article_is_complete(ingested: tuple[Store, IngestReport]) -> None:
    db, _ = ingested
    for table, column in (("claims", "n_claims"), ("sources", "n_sources"),
                          ("attributions", "n_attributions"), ("quantities", "n_quantities"),
                          ("entities", "n_entities"), ("flags", "n_flags")):
        mismatched = db.query(
            f"SELECT a.id FROM articles a LEFT JOIN (SELECT article_id, count(*) AS c "
            f"FROM {table} GROUP BY article_id) t ON t.article_id = a.id "
            f"WHERE coalesce(t.c, 0) <> a.{column}")
        assert mismatched == [], table
    assert db.count("claims") > 100 and db.count("sources") > 20


def test_spans_index_the_stored_text(ingested: tuple[Store, IngestReport]) -> None:
    db, _ = ingested
    texts = {r["id"]: r["text"] for r in db.query("SELECT id, text FROM articles")}
    for row in db.query("SELECT article_id, text, span_start, span_end FROM claims"):
        assert texts[row["article_id"]][row["span_start"]:row["span_end"]] == row["text"]
    for row in db.query("SELECT article_id, content, content_start, content_end "
                        "FROM attributions"):
        body = texts[row["article_id"]]
        assert body[row["content_start"]:row["content_end"]] == row["content"]


def test_outlet_and_time_come_from_metadata_or_the_url(
        ingested: tuple[Store, IngestReport]) -> None:
    db, _ = ingested
    sidecar = {json.loads(line)["file"]: json.loads(line)
               for line in (CORPUS / "wikinews" / "metadata.jsonl").read_text().splitlines()}
    for row in db.query("SELECT path, url, outlet, published, time, first_ingested "
                        "FROM articles"):
        if row["path"] and row["path"].endswith(".txt"):
            entry = sidecar[Path(row["path"]).name]
            assert row["published"][:4] == entry["published"][-4:] or \
                row["published"].startswith(entry["published"][:4])
        if row["published"]:
            assert row["time"] == row["published"]
        else:
            assert row["time"] == row["first_ingested"]
        if row["url"] and not row["outlet"]:
            pytest.fail(f"article {row['url']} has a URL but no outlet")
    outlets = {r["outlet"] for r in db.query("SELECT outlet FROM articles")}
    assert "example.com" in outlets  # the archived page's host


def test_search_finds_claims_quotes_and_sources(ingested: tuple[Store, IngestReport]) -> None:
    db, _ = ingested
    claim = db.query("SELECT n, text FROM claims WHERE text LIKE '%Apple%' ORDER BY n LIMIT 1")
    assert claim
    hits = db.search_rows("claims", "apple")
    assert claim[0]["n"] in hits
    assert len(hits) == len({*hits})
    for n in hits[:10]:
        text = db.query("SELECT text FROM claims WHERE n = ?", (n,))[0]["text"]
        assert "apple" in text.casefold()
    source = db.query("SELECT name FROM sources WHERE kind = 'named_person' ORDER BY n LIMIT 1")
    surname = source[0]["name"].split()[-1]
    assert db.search_rows("sources", surname)
    assert db.search_rows("claims", "zzqx unlikelyword") == []
    assert db.search_rows("claims", 'AND OR "( NEAR *') == []  # syntax is plain words


def test_reingesting_changes_nothing(ingested: tuple[Store, IngestReport]) -> None:
    db, first = ingested
    before = snapshot(db)
    again = ingest(MIXED, db, progress=False)
    assert again.stored == again.already_stored == 0
    assert again.skipped == first.stored + first.already_stored
    assert again.failed == first.failed  # failures are retried, and fail again
    assert snapshot(db) == before
    attempts = {r["attempts"] for r in db.query("SELECT attempts FROM errors")}
    assert attempts == {2}


def test_relinking_changes_only_link_results(ingested: tuple[Store, IngestReport]) -> None:
    db, _ = ingested
    observations = db.query("SELECT uid, article_id, id, text, holder, support, extra "
                            "FROM claims ORDER BY uid")
    clusters = db.query("SELECT uid, canonical_id FROM claims ORDER BY uid")
    link_ledger(db)
    assert db.query("SELECT uid, article_id, id, text, holder, support, extra "
                    "FROM claims ORDER BY uid") == observations
    assert db.query("SELECT uid, canonical_id FROM claims ORDER BY uid") == clusters
    assert all(c["canonical_id"] for c in clusters)
    uids = {c["uid"] for c in clusters}
    for edge in db.query("SELECT src, dst, kind FROM link_edges"):
        assert edge["src"] in uids
        assert edge["dst"] in uids or edge["dst"].startswith("virtual:")
        assert edge["kind"] in EDGE_KINDS
    assert db.count("link_runs") == 2


def test_the_same_publication_under_another_name_is_not_stored_twice(
        store: Store, tmp_path: Path) -> None:
    """A copy of a file with the same metadata (outlet, URL) is the same publication,
    whatever its path; a path is where our copy lies, not where it was published."""
    original = Path(wikinews_about("Boeing", 1)[0])
    entry = next(json.loads(line) for line in
                 (original.parent / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
                 if json.loads(line).get("file") == original.name)
    assert entry["url"], "the test needs an article with a URL"
    copy = tmp_path / "copy.txt"
    shutil.copyfile(original, copy)
    (tmp_path / "metadata.jsonl").write_text(json.dumps({**entry, "file": "copy.txt"}) + "\n",
                                             encoding="utf-8")
    report = ingest([str(original), str(copy)], store, progress=False)
    assert (report.stored, report.already_stored) == (1, 1)
    assert store.count("articles") == 1
    assert store.done_keys() == {str(original), str(copy)}
    # The copy alone names no outlet or URL: a publication we cannot tell apart from
    # another, so it is one of its own (see docs/ledger.md), sharing the analysis.
    (tmp_path / "metadata.jsonl").unlink()
    bare = tmp_path / "bare.txt"
    shutil.copyfile(original, bare)
    again = ingest([str(bare)], store, progress=False)
    assert (again.stored, again.shared) == (1, 1)


def test_a_failure_fixed_later_is_marked_resolved(store: Store, tmp_path: Path) -> None:
    article = tmp_path / "late.txt"
    article.write_text("", encoding="utf-8")
    first = ingest([str(article)], store, progress=False)
    assert first.failed == 1 and store.count("articles") == 0
    error = store.query("SELECT key, reason, resolved_at FROM errors")
    assert error[0]["key"] == str(article) and error[0]["resolved_at"] is None
    text = Path(wikinews_about("Airbus", 1)[0]).read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    second = ingest([str(article)], store, progress=False)
    assert second.stored == 1 and second.failed == 0
    resolved = store.query("SELECT resolved_at, attempts FROM errors")
    assert resolved[0]["resolved_at"] is not None and resolved[0]["attempts"] == 1


def test_two_worker_processes_store_what_one_process_stores(tmp_path: Path) -> None:
    paths = wikinews_about("Ford", 6)
    with open_store(str(tmp_path / "one.db")) as one, open_store(str(tmp_path / "two.db")) as two:
        ingest(paths, one, jobs=1, progress=False)
        report = ingest(paths, two, jobs=2, progress=False)
        assert report.stored == 6
        query = "SELECT uid, text, holder, attribution, hedges FROM claims ORDER BY uid"
        assert two.query(query) == one.query(query)
        assert two.done_keys() == one.done_keys()
