"""Highlighting an article's text: the marks of an analysis turned into escaped HTML.

Shared by the standalone report (``render.html``) and the web app's article and analyse
pages, so both show exactly the same highlights. Works from the records of an
``Analysis``, which is also what the ledger gives back for a stored article
(``ledger.stored``).

Marks may overlap (a hedge inside a quote, a quantity inside a hedged claim). Rather than
nest tags, which overlapping spans cannot always do, the text is cut at every mark
boundary and each piece becomes one ``<span>`` carrying the classes of every mark that
covers it. Every character of the text is escaped; no text ever reaches the page as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from claimledger.model import Analysis, Quantity, Span

# Mark kinds, in the order their notes are listed in a tooltip.
MARK_KINDS: tuple[str, ...] = ("quote", "cue", "speaker", "hedge", "vague", "qty", "flag")
MARK_LABELS: dict[str, str] = {
    "quote": "attributed content",
    "cue": "reporting cue",
    "speaker": "source mention",
    "hedge": "hedge",
    "vague": "vague wording",
    "qty": "quantity",
    "flag": "loaded language",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: its kind (a CSS class), the source it points to, a note."""

    start: int
    end: int
    kind: str
    source: str | None = None
    note: str = ""


def _quantity_note(q: Quantity) -> str:
    value: object = q.value
    if value is None and (q.low is not None or q.high is not None):
        value = f"{q.low if q.low is not None else '…'}–{q.high if q.high is not None else '…'}"
    parts = [str(value) if value is not None else "", str(q.unit or "")]
    if q.approximate:
        parts.append("(approximate)")
    return "quantity: " + " ".join(p for p in parts if p).strip()


def marks_from_analysis(analysis: Analysis) -> list[Mark]:
    """Every mark of an analysis: attributions (content, cue, speaker), source mentions,
    hedges and vague wording of claims, quantities and flags."""
    names = {s.id: s.name for s in analysis.sources}
    marks: list[Mark] = []

    def add(span: Span | None, kind: str, source: str | None = None, note: str = "") -> None:
        if span is not None and span.end > span.start:
            marks.append(Mark(span.start, span.end, kind, source, note))

    for a in analysis.attributions:
        who = names.get(a.source) if a.source else None
        add(a.content, "quote", a.source,
            f"{a.kind} attribution" + (f" to {who}" if who else ""))
        add(a.cue, "cue", a.source, "reporting cue")
        add(a.speaker, "speaker", a.source, f"source: {who}" if who else "source")
    for s in analysis.sources:
        for mention in s.mentions:
            add(mention, "speaker", s.id, f"source: {s.name}")
    for claim in analysis.claims:
        for hedge in claim.hedges:
            add(hedge.span, "hedge", None, f"hedge ({hedge.type}): {hedge.cue}")
        for vague in claim.vague:
            add(vague, "vague", None, "vague wording")
    for q in analysis.quantities:
        add(q.span, "qty", None, _quantity_note(q))
    for f in analysis.flags:
        add(f.span, "flag", None,
            f"loaded language ({f.category})" + (" in a quote" if f.in_quote else ""))
    return marks


def _boundaries(text_length: int, marks: Iterable[Mark]) -> list[int]:
    points = {0, text_length}
    for mark in marks:
        points.add(max(0, min(mark.start, text_length)))
        points.add(max(0, min(mark.end, text_length)))
    return sorted(points)


def highlight_html(text: str, marks: Sequence[Mark]) -> str:
    """The text as escaped HTML with one ``<span class="hl ...">`` per marked piece.

    A piece covered by a mark that names a source gets ``data-source`` (the source card to
    show on click) and is focusable; its ``title`` lists every covering mark's note.
    """
    ordered = sorted(marks, key=lambda m: (m.start, m.end))
    points = _boundaries(len(text), ordered)
    out: list[str] = []
    active: list[Mark] = []
    next_mark = 0
    for left, right in pairwise(points):
        active = [m for m in active if m.end > left]
        while next_mark < len(ordered) and ordered[next_mark].start <= left:
            if ordered[next_mark].end > left:
                active.append(ordered[next_mark])
            next_mark += 1
        piece = escape(text[left:right])
        covering = [m for m in active if m.start <= left and m.end >= right]
        if not covering:
            out.append(piece)
            continue
        out.append(_open_tag(covering, left) + piece + "</span>")
    return "".join(out)


def _open_tag(covering: Sequence[Mark], at: int) -> str:
    kinds = sorted({m.kind for m in covering}, key=MARK_KINDS.index)
    source = next((m.source for m in covering if m.kind == "quote" and m.source), None) \
        or next((m.source for m in covering if m.source), None)
    notes = list(dict.fromkeys(m.note for m in sorted(
        covering, key=lambda m: MARK_KINDS.index(m.kind)) if m.note))
    # data-at: the piece's offset in the text, so a table row can jump to its place.
    attrs = [f'class="hl {" ".join(escape(k) for k in kinds)}" data-at="{at}"']
    if source:
        attrs.append(f'data-source="{escape(source)}" tabindex="0" role="button"')
    if notes:
        attrs.append(f'title="{escape("; ".join(notes))}"')
    return "<span " + " ".join(attrs) + ">"


def mark_counts(marks: Iterable[Mark]) -> dict[str, int]:
    """How many marks of each kind (for the legend), in ``MARK_KINDS`` order."""
    counts = dict.fromkeys(MARK_KINDS, 0)
    for mark in marks:
        if mark.kind in counts:
            counts[mark.kind] += 1
    return counts
