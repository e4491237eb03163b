"""The standalone report (``render.html``): self-contained, escaped, faithful to the text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from spacy.language import Language

from claimledger.analysis import analyze_document
from claimledger.cli import main
from claimledger.model import Analysis, Document
from claimledger.render.html import render_report, report_filename

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "geran-production-report.txt"
PAYLOAD = '\n<script>alert("x")</script> <img src=x onerror=alert(1)> " onmouseover="alert(2)\n'


class Page(HTMLParser):
    """Collects tags, attributes and the text inside ``<article id="article-text">``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.depth = 0
        self.body: list[str] = []
        self.quote_text: list[str] = []
        self._in_quote = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "article" and found.get("id") == "article-text":
            self.depth = 1
        elif self.depth:
            self.depth += 1
            self._in_quote = 1 if "quote" in (found.get("class") or "").split() else 0

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self._in_quote = 0

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.body.append(data)
            if self._in_quote:
                self.quote_text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def seed_analysis(nlp: Language) -> Analysis:
    text = SEED.read_text(encoding="utf-8")
    return analyze_document(Document(text=text, path=str(SEED)))


def test_report_is_self_contained(seed_analysis: Analysis) -> None:
    page = parse(render_report(seed_analysis))
    names = [tag for tag, _ in page.tags]
    assert names.count("script") == 1 and names.count("style") == 1
    assert "link" not in names and "img" not in names and "iframe" not in names
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)


def test_report_body_is_the_exact_text_with_every_quote_highlighted(
        seed_analysis: Analysis) -> None:
    page = parse(render_report(seed_analysis))
    assert "".join(page.body) == seed_analysis.document.text
    quoted = "".join(page.quote_text)
    assert seed_analysis.attributions
    for attribution in seed_analysis.attributions:
        assert attribution.content.text.split()[0] in quoted


def test_every_source_has_a_card_and_every_highlight_points_to_one(
        seed_analysis: Analysis) -> None:
    page = parse(render_report(seed_analysis))
    cards = {attrs["data-card"] for _, attrs in page.tags if "data-card" in attrs}
    assert cards == {s.id for s in seed_analysis.sources}
    pointed = {attrs["data-source"] for _, attrs in page.tags if "data-source" in attrs}
    assert pointed and pointed <= cards


def test_article_markup_is_shown_as_text(nlp: Language) -> None:
    text = (CORPUS / "wikinews" / "10718.txt").read_text(encoding="utf-8") + PAYLOAD
    analysis = analyze_document(Document(text=text, url='javascript:alert("u")',
                                         title='<b>"x"</b>'))
    html = render_report(analysis)
    page = parse(html)
    assert "".join(page.body) == text
    assert [tag for tag, _ in page.tags].count("script") == 1
    assert "<img" not in html and '<script>alert' not in html
    assert not any(a.get("href", "") and "javascript" in (a.get("href") or "")
                   for _, a in page.tags)
    assert "&lt;b&gt;" in html


def test_report_filename_is_safe_and_distinct(seed_analysis: Analysis) -> None:
    name = report_filename(seed_analysis)
    assert name.startswith("geran-production-report-") and name.endswith(".html")
    other = Analysis(document=Document(text="Other text.", path="../a b/<x>.txt"))
    assert "/" not in report_filename(other) and "<" not in report_filename(other)
    twin = Analysis(document=Document(text="Different.", path=str(SEED)))
    assert report_filename(twin) != name


def test_cli_writes_one_report_per_input(tmp_path: Path, nlp: Language,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    inputs = [str(SEED), str(CORPUS / "wikinews" / "11212.txt")]
    assert main(["analyze", "--format", "html", "--out", str(tmp_path), *inputs]) == 0
    written = sorted(tmp_path.glob("*.html"))
    assert len(written) == 2
    assert sorted(capsys.readouterr().out.split()) == [str(p) for p in written]
    for path in written:
        assert parse(path.read_text(encoding="utf-8")).body


def test_a_group_source_card_names_its_members(nlp: Language) -> None:
    # a joint speaker's card says who the group is (sources[].members, issue 12)
    text = ("Kurt Volker, a former envoy, and Tim Morrison, a White House aide, testified "
            "on Tuesday. Volker and Morrison said the call was not improper.")
    analysis = analyze_document(Document(text=text))
    assert any(s.members for s in analysis.sources)
    assert "<dt>members</dt><dd>Kurt Volker; Tim Morrison</dd>" in render_report(analysis)
