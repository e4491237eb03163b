"""Quantity extraction on real text: the seed article and wikinews sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.claims.numbers import parse_number, parse_ordinal
from claimledger.claims.quantities import KINDS, extract_quantities
from claimledger.model import Quantity
from claimledger.nlp import bare_model

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
WIKINEWS = CORPUS / "wikinews"


def parse(nlp: Language, text: str) -> Doc:
    with bare_model():
        return nlp(text)


def by_text(quantities: list[Quantity]) -> dict[str, Quantity]:
    return {q.span.text: q for q in quantities}


def quantities_in(nlp: Language, doc_id: str, phrase: str) -> list[Quantity]:
    """The quantities of one wikinews article that lie inside the sentence with ``phrase``."""
    text = (WIKINEWS / f"{doc_id}.txt").read_text(encoding="utf-8")
    doc = parse(nlp, text)
    start = text.index(phrase)
    sentence = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    return [q for q in extract_quantities(doc)
            if sentence.start_char <= q.span.start < sentence.end_char]


@pytest.fixture(scope="module")
def seed_quantities(nlp: Language, seed_text: str) -> list[Quantity]:
    return extract_quantities(parse(nlp, seed_text))


def test_seed_vague_and_multiplier_amounts(seed_quantities: list[Quantity]) -> None:
    found = by_text(seed_quantities)
    assert found["ninefold"].kind == "multiplier" and found["ninefold"].value == 9
    assert found["ninefold"].change == "increase"  # "increasing initial output by ... ninefold"
    several = found["several thousand"]
    assert (several.kind, several.value, several.low, several.high) == ("count", None, 3000, 9000)
    assert several.approximate
    nine_times = next(q for q in seed_quantities if q.span.text.startswith("nine times"))
    assert (nine_times.kind, nine_times.value) == ("multiplier", 9)
    assert found["24/7"].kind == "rate"


def test_seed_thousands_count_what_they_quantify(seed_quantities: list[Quantity]) -> None:
    thousands = [q for q in seed_quantities if q.span.text == "thousands"]
    counted = sorted(q.quantified.text for q in thousands if q.quantified is not None)
    assert counted == ["units", "workers"]
    for quantity in thousands:
        assert quantity.kind == "count" and quantity.approximate
        assert (quantity.low, quantity.high) == (2000, 9999)
        assert quantity.unit == quantity.quantified.text.lower()  # type: ignore[union-attr]


def test_seed_identifiers_are_not_quantities(seed_quantities: list[Quantity],
                                             seed_text: str) -> None:
    for name in ("Geraniy-2", "3D-printed"):
        start = seed_text.index(name)
        while start >= 0:
            end = start + len(name)
            assert not [q for q in seed_quantities
                        if q.span.start < end and q.span.end > start], name
            start = seed_text.find(name, end)


def test_ids_follow_text_order_and_spans_index_the_text(nlp: Language, seed_text: str,
                                                        seed_quantities: list[Quantity]) -> None:
    assert [q.id for q in seed_quantities] == [f"q{i}" for i in
                                               range(1, len(seed_quantities) + 1)]
    starts = [q.span.start for q in seed_quantities]
    assert starts == sorted(starts)
    for quantity in seed_quantities:
        assert seed_text[quantity.span.start:quantity.span.end] == quantity.span.text
        assert quantity.kind in KINDS
        as_dict = quantity.to_dict()
        assert as_dict["span"] == {"start": quantity.span.start, "end": quantity.span.end,
                                   "text": quantity.span.text}


def test_money_with_currency_markers_and_scales(nlp: Language) -> None:
    found = by_text(quantities_in(nlp, "113278", "Bank of Japan for up to"))
    assert found["up to US$60 billion"].value == 60e9
    assert found["up to US$60 billion"].unit == "USD"
    assert found["up to US$60 billion"].high == 60e9
    pounds = by_text(quantities_in(nlp, "10718", "per song"))
    assert pounds["£ 0.79 per song"].kind == "rate"
    assert pounds["£ 0.79 per song"].unit == "GBP per song"
    assert pounds["€ 0.99"].unit == "EUR"


def test_ranges_with_shared_scale_and_between(nlp: Language) -> None:
    found = by_text(quantities_in(nlp, "123881", "software contracts provide"))
    rate = found["US$300 to 350 million a year"]
    assert (rate.kind, rate.low, rate.high, rate.unit) == ("rate", 300e6, 350e6, "USD per year")
    days = by_text(quantities_in(nlp, "127248", "bankruptcy process would take"))
    assert (days["between 60 and 90 days"].low, days["between 60 and 90 days"].high) == (60, 90)
    assert days["between 60 and 90 days"].kind == "duration"


def test_relative_changes(nlp: Language) -> None:
    found = quantities_in(nlp, "120578", "reported a 32% drop")
    assert [(q.span.text, q.change) for q in found if q.kind == "percent"] == [
        ("32%", "decrease"), ("30%", "decrease"), ("28%", "decrease")]
    doubled = by_text(quantities_in(nlp, "7539", "tripled in 2004"))
    assert doubled["tripled"].value == 3 and doubled["doubled"].change == "increase"
    assert doubled["16 percent"].change == "increase"


def test_aircraft_models_are_identifiers(nlp: Language) -> None:
    found = quantities_in(nlp, "41882", "In 1995, McDonnell Douglas introduced")
    assert [(q.span.text, q.kind) for q in found] == [("1995", "date"), ("1996", "date")]
    found = quantities_in(nlp, "8951", "Range for the A380-800 model")
    assert [q.span.text for q in found] == ["8,000 nautical miles", "14,800 km"]


@pytest.mark.parametrize(("text", "value"), [
    ("forty-four thousand", 44000), ("a dozen", 12), ("1,500", 1500), ("8,26", 8.26),
    ("one hundred and twenty", 120), ("half a million", 500000), ("nonsense", None),
])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_parse_ordinal() -> None:
    assert (parse_ordinal("third"), parse_ordinal("21st"), parse_ordinal("twenty-first")) \
        == (3, 21, 21)


def test_candidate_matching_equals_a_full_scan_of_the_core_pattern(nlp: Language) -> None:
    # core_matches tries the pattern only where a quantity can begin; it must find what
    # finditer over the whole text finds, on real articles and on awkward forms.
    from claimledger.claims import quantity_lexicon as lex
    from claimledger.claims.docview import view_of

    texts = [(WIKINEWS / f"{d}.txt").read_text(encoding="utf-8")
             for d in ("100911", "73808", "1173", "10718", "3307")]
    texts.append("On Nov. 18, 2019 about 30k fans (.5 of them) saw a ninefold, doubled, "
                 "twice-weekly 24/7 show; several thousand paid US$40 or A$5m at 6:30 p.m.")
    for doc in nlp.pipe(texts):
        view = view_of(doc)
        expected = [(m.start(), m.end(), m.lastgroup)
                    for m in lex.core_pattern().finditer(view.text)]
        got = [(m.start(), m.end(), m.lastgroup)
               for m in lex.core_matches(view.text, view.lower, view.starts)]
        assert got == expected


def test_compound_durations_digit_fractions_and_shares_with_a_noun(nlp: Language) -> None:
    # Our own sentences, one per form the issue-13 failure groups named.
    found = by_text(extract_quantities(parse(nlp, (
        "The old laptop needed 3 minutes and 20 seconds; the new one took 1 hour, 5 minutes. "
        "Stir in 2 1/4 cups of flour and about 3/8 inch of butter. "
        "The bond rose 5/16 while tickets sold at Money 20/20 in 6/8 time. "
        "They won nine games out of twelve this season. "
        "The Hawks (5-8, 2-4) host the Owls on 3-9 March. "
        "It will arrive in four-five weeks and costs $20 or $30."))))
    assert (found["3 minutes and 20 seconds"].value, found["3 minutes and 20 seconds"].unit) \
        == (200.0, "seconds")
    assert (found["1 hour, 5 minutes"].value, found["1 hour, 5 minutes"].unit) == (65.0, "minutes")
    assert (found["2 1/4 cups"].value, found["2 1/4 cups"].unit) == (2.25, "cups")
    assert found["about 3/8 inch"].value == pytest.approx(0.375)
    assert found["5/16"].value == pytest.approx(0.3125)
    assert not {"20", "20/20", "6", "8", "6/8"} & set(found)  # a name, a time signature
    share = found["nine games out of twelve"]
    assert (share.kind, share.value) == ("fraction", pytest.approx(0.75))
    assert found["5-8"].kind == "score" and found["2-4"].kind == "score"
    assert found["3-9 March"].kind == "date"
    weeks = found["four-five weeks"]
    assert (weeks.low, weeks.high, weeks.unit) == (4.0, 5.0, "weeks")
    assert found["$20"].value == 20.0 and found["$30"].value == 30.0


def test_a_time_noun_after_the_counted_noun_is_not_the_unit(nlp: Language) -> None:
    """spaCy tags "yesterday"/"today"/"tonight" NOUN right after the counted noun; the
    unit stays the counted noun, so linking compares "30 protesters" with "45 protesters"."""
    found = by_text(extract_quantities(parse(nlp, (
        "Police arrested 30 protesters yesterday in the capital. "
        "The index lost 212.40 points today. "
        "The storm killed 12 people tonight, and 15 Rolls-Royce Trent 900 engines were "
        "grounded."))))
    assert found["30"].unit == "protesters" and found["30"].quantified is not None
    assert found["30"].quantified.text == "protesters"
    assert found["212.40"].unit == "points"
    assert found["12"].unit == "people"
    assert found["15"].unit == "engines"  # a compound run still reaches its last noun
