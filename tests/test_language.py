"""Language: every document's language is detected; languages not analysed yet are
recorded with a note and no attributions or claims (issue 11, "Language")."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from conftest import CORPUS, SEED, WIKINEWS
from spacy.language import Language
from web_support import ServedApp

import claimledger
from claimledger.cli import main
from claimledger.language import ANALYSED_LANGUAGES, detect_language, notes_for
from claimledger.language_eval import (
    DEFAULT_FLOOR,
    DEFAULT_SET,
    evaluate_language,
    load_paragraphs,
    read_floors,
)
from claimledger.ledger.ingest import ingest
from claimledger.ledger.store import Store, open_store
from claimledger.ledger.stored import stored_analysis
from claimledger.schema import validation_errors

pytest_plugins = ["ledger_fixtures"]  # both backends, the PostgreSQL server

BODIES = CORPUS / "html-benchmark" / "ground-truth.json"
RUSSIAN = "c82b3d1d540bbbd6081bdfb78b4c068c583aa766bcaaefe7ad16d24e5413a829"
RUSSIAN_PAGE = CORPUS / "html-benchmark" / "html" / f"{RUSSIAN}.html.gz"
# Written for this test (not from any corpus): "The minister said that the plant will
# produce ten thousand cars next year."
ARABIC = "قال الوزير إن المصنع سينتج عشرة آلاف سيارة في العام المقبل."


def _body(article_id: str) -> str:
    return str(json.loads(BODIES.read_text(encoding="utf-8"))[article_id]["articleBody"])


def test_detection_meets_the_floors_on_real_paragraphs() -> None:
    paragraphs = load_paragraphs(DEFAULT_SET, CORPUS)
    assert len(paragraphs) >= 150
    assert len({p.label for p in paragraphs}) >= 6
    floors = read_floors(DEFAULT_FLOOR)
    assert floors["english_kept"] == 100  # English is never refused for being short
    figures = evaluate_language(paragraphs).figures()
    for name, floor in floors.items():
        assert figures[name] >= floor, (name, figures[name])


def test_a_russian_article_is_recorded_with_a_note_and_nothing_analysed() -> None:
    analysis = claimledger.analyze(_body(RUSSIAN))
    assert analysis.document.language == "ru"
    assert analysis.attributions == analysis.sources == analysis.claims == ()
    assert analysis.quantities == analysis.entities == analysis.flags == ()
    assert analysis.notes == notes_for("ru")
    assert "'ru' is not analysed" in analysis.notes[0]
    data = analysis.to_dict()
    assert data["notes"] == list(analysis.notes) and data["profile"] is None
    assert validation_errors(data) == []


def test_an_arabic_sentence_is_no_claim() -> None:
    analysis = claimledger.analyze(ARABIC)
    assert analysis.document.language == "ar"
    assert analysis.claims == () and analysis.notes


def test_english_articles_and_short_english_lines_are_analysed(nlp: Language) -> None:
    analysis = claimledger.analyze(SEED.read_text(encoding="utf-8"))
    assert analysis.document.language == "en" and analysis.notes == ()
    assert analysis.attributions and analysis.claims
    assert validation_errors(analysis.to_dict()) == []
    # Headlines and datelines: too short for a reliable answer, mostly Latin: English.
    for path in sorted(WIKINEWS.glob("*.txt"))[:30]:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert detect_language(first_line).language == "en", first_line
    assert detect_language("12,500").language == "en"
    assert {"en"} == ANALYSED_LANGUAGES


def test_batch_analysis_keeps_order_and_skips_other_languages(nlp: Language) -> None:
    from claimledger.analysis import analyze_documents
    from claimledger.model import Document

    texts = [SEED.read_text(encoding="utf-8"), _body(RUSSIAN), ARABIC,
             (WIKINEWS / "10718.txt").read_text(encoding="utf-8")]
    results = list(analyze_documents(Document(text=t) for t in texts))
    assert [r.document.text for r in results] == texts
    assert [r.document.language for r in results] == ["en", "ru", "ar", "en"]
    assert [bool(r.notes) for r in results] == [False, True, True, False]
    assert results[0] == claimledger.analyze(texts[0])


def test_cli_exit_code_is_0_and_json_has_the_note(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "ru.txt"
    article.write_text(_body(RUSSIAN), encoding="utf-8")
    assert main(["analyze", "--format", "json", str(article)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["language"] == "ru" and data["claims"] == []
    assert data["notes"] and "not analysed" in data["notes"][0]
    assert main(["analyze", str(article)]) == 0
    assert "not analysed" in capsys.readouterr().out


def test_ledger_stores_and_reads_back_language_and_note(store: Store) -> None:
    report = ingest([str(RUSSIAN_PAGE), str(SEED)], store, progress=False)
    assert report.failed == 0, report.failures
    rows = store.query("SELECT id, language, n_claims FROM articles ORDER BY language")
    assert [(r["language"], r["n_claims"] > 0) for r in rows] == [("en", True),
                                                                   ("ru", False)]
    back = stored_analysis(store, rows[1]["id"])
    assert back is not None and back.document.language == "ru"
    assert back.notes == notes_for("ru") and back.claims == ()
    seed_back = stored_analysis(store, rows[0]["id"])
    assert seed_back is not None and seed_back.notes == ()


def test_web_article_page_says_the_language_is_not_analysed(tmp_path: Path) -> None:
    from claimledger.web import create_app

    db = str(tmp_path / "ledger.db")
    store = open_store(db)
    try:
        assert ingest([str(RUSSIAN_PAGE)], store, progress=False).failed == 0
        article_id = store.query("SELECT id FROM articles")[0]["id"]
    finally:
        store.close()
    with ServedApp(create_app(db)) as app:
        page = httpx.get(f"{app.url}/articles/{article_id}", timeout=30)
        twin = httpx.get(f"{app.url}/articles/{article_id}.json", timeout=30)
    assert page.status_code == 200, page.text[:300]
    assert 'class="note"' in page.text and "is not analysed yet" in page.text
    assert twin.json()["analysis"]["notes"] == list(notes_for("ru"))
