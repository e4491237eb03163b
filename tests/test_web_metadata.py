"""Honest metadata: titles are never paths, organisation spellings share one identity."""

from __future__ import annotations

from spacy.language import Language

from claimledger.ledger.sources import (
    group_sources,
    identity_spellings,
    same_source,
    source_identity,
)
from claimledger.ledger.titles import UNTITLED, display_title, heading_of


def test_a_title_is_never_a_path() -> None:
    assert display_title("Markets fall", None, "x") == "Markets fall"
    # A Wikinews text opens with its dateline, then a paragraph: neither is a heading.
    text = "January 09, 2008\n\nThe European Commission has forced a company to act."
    assert heading_of(text) is None
    assert display_title(None, None, text) == UNTITLED
    assert display_title(None, "https://example.org/a", text) == "https://example.org/a"
    assert display_title("", None, "Drones deliver blood\n\nIn rural areas, care is far.") \
        == "Drones deliver blood"


def test_organisation_variants_share_one_identity() -> None:
    org = "named_organization"
    assert source_identity("Apple Inc.", org) == source_identity("Apple Computer", org)
    assert source_identity("Apple Inc.", org) == source_identity("Apple", org)
    assert source_identity("Apple Inc.", org) != source_identity("Apple Records", org)
    key = source_identity("Apple Computer", org)
    assert "apple computer" in identity_spellings(key)  # normalised spellings
    assert same_source("Apple Computer, Inc.", org, key)
    assert not same_source("Apple Computer", "named_person", key)
    rows = [{"article_id": f"a{i}", "id": "s1", "name": name, "kind": org, "outlet": None,
             "claims": 0} for i, name in enumerate(
                 ["Apple Inc.", "Apple Computer", "Apple", "Boeing", "Apple Records"])]
    groups = sorted(sorted(r["name"] for r in g.rows) for g in group_sources(rows))
    assert groups == [["Apple", "Apple Computer", "Apple Inc."], ["Apple Records"], ["Boeing"]]


def test_numbers_are_shown_as_written_and_matches_marked() -> None:
    from claimledger.render.html import format_as_written, highlight_terms

    assert format_as_written(2009.0, "in 2009") == "2009"
    assert format_as_written(12500, "12,500 troops") == "12,500"
    assert format_as_written(12500, "12500 troops") == "12500"
    marked = str(highlight_terms("Markets fell <b>", "markets"))
    assert marked == "<mark>Markets</mark> fell &lt;b&gt;"
    assert str(highlight_terms("a market day", "markets")) == "a <mark>market</mark> day"


def test_an_age_is_not_a_role(nlp: Language) -> None:
    from claimledger.analysis import analyze_document
    from claimledger.model import Document

    text = ('The company appointed a new chief. "We are ready," said Mary Barra, 51, the '
            'chief executive. John Smith, 64, said the plan would work.')
    roles = {s.name: s.role for s in analyze_document(Document(text=text)).sources}
    assert roles == {"Mary Barra": "chief executive", "John Smith": None}


def test_monthly_chart_log_scale_and_month_labels() -> None:
    from claimledger.web.svg import monthly_chart

    months = [{"month": f"2008-{m:02d}", "articles": 2, "claims": 3} for m in range(1, 13)]
    months[5] = {"month": "2008-06", "articles": 400, "claims": 900}
    chart = str(monthly_chart(months))
    assert chart.count("log scale") == 2
    labels = [m["month"] for m in months if f">{m['month']}</text>" in chart]
    assert len(labels) >= 5 and labels[0] == "2008-01" and labels[-1] == "2008-12"
    flat = str(monthly_chart([{**m, "articles": 2, "claims": 3} for m in months]))
    assert "log scale" not in flat


def test_shared_words_are_marked_in_both_texts() -> None:
    from claimledger.web.svg import mark_shared_words

    a, b = mark_shared_words("Shares fell <sharply>.", "shares rose")
    assert str(a) == "<mark>Shares</mark> fell &lt;sharply&gt;."
    assert str(b) == "<mark>shares</mark> rose"
