"""Records, not dicts, across the ledger's edge: ``ledger.rows`` turns the records of an
analysis into rows (one function per table) and ``ledger.stored`` reads them back."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import SEED
from spacy.language import Language

import claimledger
from claimledger.ledger import Store
from claimledger.ledger.rows import (
    article_rows,
    claim_row,
    flag_row,
    publication_id,
    quantity_row,
)
from claimledger.ledger.stored import stored_analysis
from claimledger.model import Analysis

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server

STAMP = "2024-06-01T08:00:00+00:00"


@pytest.fixture(scope="module")
def seed(nlp: Language) -> Analysis:
    return claimledger.analyze(SEED.read_text(encoding="utf-8"),
                               url="https://www.example.org/drones", published="2024-05-02")


def test_rows_come_from_the_records(seed: Analysis) -> None:
    rows = article_rows(seed, ingested_at=STAMP, analyser="test analyser")
    aid = publication_id(seed.document)
    assert rows.article_id == aid
    article = rows.article
    assert article["text_id"] == seed.document.id != aid
    assert article["outlet"] == "example.org"  # the URL's host when the page names none
    assert (article["published"], article["time"]) == ("2024-05-02", "2024-05-02")
    assert article["analyser"] == "test analyser"
    assert article["n_claims"] == len(rows.claims) == len(seed.claims)
    claim = seed.claims[0]
    assert rows.claims[0] == claim_row(aid, claim)
    assert rows.claims[0]["uid"] == f"{aid}:{claim.id}"
    assert rows.claims[0]["text"] == claim.span.text
    counted = next(q for q in seed.quantities if q.quantified is not None)
    row = quantity_row(aid, counted)
    assert row["quantified"] == 1 and '"quantified":{' in row["extra"]
    assert seed.flags, "the seed article has loaded language"
    assert flag_row(aid, 0, seed.flags[0])["kind"] == seed.flags[0].category


def test_stored_rows_read_back_as_the_same_records(store: Store, seed: Analysis) -> None:
    rows = article_rows(seed, ingested_at=STAMP, analyser="test analyser")
    assert store.write_article("seed", rows)
    back = stored_analysis(store, rows.article_id)
    assert back is not None
    # Every record equal, pairs in order; the document is the publication as stored.
    assert replace(back, document=seed.document) == seed
    assert back.document.outlet == "example.org" and back.document.id == seed.document.id
    assert article_rows(back, ingested_at=STAMP, analyser="test analyser") == rows
    assert stored_analysis(store, "no such article") is None
