"""Quantities in news text: amounts, money, percentages, multipliers, rates, durations.

``extract_quantities(doc)`` is one linear pass of compiled regular expressions over
``doc.text`` (``quantity_lexicon.core_pattern``), each candidate widened to the left
(currency, "about", "more than") and to the right (scale words, ranges, units, "a year")
by anchored patterns; spaCy's tags are read only to reject identifiers ("Boeing 737"),
to find the counted noun and to tell the direction of a change. spaCy's NER is not used:
on the wikinews corpus it labels model numbers as CARDINAL and misses "ninefold", "24/7"
and vague amounts, so a rule it passed would still need every check made here.

Readings (the choices callers rely on):

- ``value`` is the figure as stated; exact amounts have ``low = high = None``.
- Stated ranges ("1,500 to 2,000", "between 10 and 20", "10-20") and vague amounts
  have ``value = None`` and ``low``/``high``: the text gives no central figure and the
  ledger should not invent one. Vague amounts follow ``data/quantity_vague.tsv``:
  "several thousand" is 3,000-9,000 (the provenance rule in shared/spec/provenance.md),
  "thousands of" is 2,000-9,999 (at least two thousand, fewer than ten), "dozens" 24-144.
- "about"/"around"/"some" 40: value 40, approximate, ``low``/``high`` = ±10% (again the
  provenance rule); "more than"/"at least" 40: ``low = 40``; "up to"/"nearly" 40:
  ``high = 40``.
- Multipliers: "ninefold", "nine times more" -> 9; "doubled" -> 2 and "halved" -> 0.5
  with ``change`` set. "24/7" is a rate of 168 hours per week (24 hours a day, 7 days
  a week).
- Physical measures (km, tonnes, barrels) are kind ``count`` with the unit normalised;
  counts of things take the counted noun as ``unit`` ("workers") and ``quantified``.
- Dates and times are kind ``date`` (value: the year, when written; otherwise None), kept
  so callers can filter them. Identifiers (KC-45, Boeing 737, A380, 3D, phone numbers,
  "Flight 901") are not quantities at all.
- Fractions ("a third of", "two-thirds", "one in four") are kind ``fraction``, value in
  (0, 1]; tallies ("won 2-1", "52-35") are kind ``score`` with their integers in ``score``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from claimledger.claims.quantity_rules import Scanner
from claimledger.model import QUANTITY_KINDS, Quantity, Span

KINDS = QUANTITY_KINDS  # the kinds a quantity can have (``Quantity.kind``)


def extract_quantities(doc: Doc) -> list[Quantity]:
    """All quantity expressions of ``doc`` in text order, ids ``q1``, ``q2``...

    Never raises on odd text; "nothing found" is an empty list.
    """
    scanner = Scanner(doc)
    text = scanner.text
    drafts = scanner.scan()
    quantities = []
    for number, draft in enumerate(drafts, start=1):
        quantified = (
            None if draft.quantified is None else Span.of(text, *draft.quantified)
        )
        quantities.append(
            Quantity(
                id=f"q{number}",
                span=Span.of(text, draft.start, draft.end),
                value=_clean(draft.value),
                low=_clean(draft.low),
                high=_clean(draft.high),
                unit=draft.unit,
                kind=draft.kind,
                approximate=draft.approximate,
                quantified=quantified,
                change=draft.change,
                score=draft.score,
            )
        )
    return quantities


def _clean(number: float | None) -> float | None:
    """Round away float noise (1.1 * 40 = 44.000000000000004) for stable JSON."""
    if number is None or number != number or number in (float("inf"), float("-inf")):
        return None
    return float(f"{number:.12g}")
