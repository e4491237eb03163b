"""Highlighting an article's text: the marks of an analysis turned into escaped HTML.

Shared by the standalone report (``render.html``) and the web app's article and analyse
pages, so both show exactly the same highlights. Works from ``Analysis.to_dict()`` (the
JSON contract), which is also what the ledger gives back for a stored article.

Marks may overlap (a hedge inside a quote, a quantity inside a hedged claim). Rather than
nest tags, which overlapping spans cannot always do, the text is cut at every mark
boundary and each piece becomes one ``<span>`` carrying the classes of every mark that
covers it. Every character of the text is escaped; no text ever reaches the page as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from typing import Any

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


def _span_of(value: object) -> tuple[int, int] | None:
    if isinstance(value, Mapping):
        start, end = value.get("start"), value.get("end")
        if isinstance(start, int) and isinstance(end, int) and end > start:
            return start, end
    return None


def _quantity_note(q: Mapping[str, Any]) -> str:
    value = q.get("value")
    if value is None and (q.get("low") is not None or q.get("high") is not None):
        value = f"{q.get('low') if q.get('low') is not None else '…'}–" \
                f"{q.get('high') if q.get('high') is not None else '…'}"
    parts = [str(value) if value is not None else "", str(q.get("unit") or "")]
    if q.get("approximate"):
        parts.append("(approximate)")
    return "quantity: " + " ".join(p for p in parts if p).strip()


def marks_from_analysis(data: Mapping[str, Any]) -> list[Mark]:
    """Every mark of an analysis dict: attributions (content, cue, speaker), source
    mentions, hedges and vague wording of claims, quantities and flags."""
    sources = {s["id"]: s for s in data.get("sources") or ()}
    marks: list[Mark] = []

    def add(span: object, kind: str, source: str | None = None, note: str = "") -> None:
        bounds = _span_of(span)
        if bounds is not None:
            marks.append(Mark(bounds[0], bounds[1], kind, source, note))

    for a in data.get("attributions") or ():
        source = a.get("source")
        who = sources.get(source, {}).get("name") if source else None
        add(a.get("content"), "quote", source,
            f"{a.get('kind', '')} attribution" + (f" to {who}" if who else ""))
        add(a.get("cue"), "cue", source, "reporting cue")
        add(a.get("speaker"), "speaker", source, f"source: {who}" if who else "source")
    for s in sources.values():
        for mention in s.get("mentions") or ():
            add(mention, "speaker", s["id"], f"source: {s.get('name', '')}")
    for claim in data.get("claims") or ():
        for hedge in claim.get("hedges") or ():
            add(hedge.get("span"), "hedge", None,
                f"hedge ({hedge.get('type', '')}): {hedge.get('cue', '')}")
        for vague in claim.get("vague") or ():
            add(vague.get("span", vague) if isinstance(vague, Mapping) else None,
                "vague", None, "vague wording")
    for q in data.get("quantities") or ():
        add(q.get("span"), "qty", None, _quantity_note(q))
    for f in data.get("flags") or ():
        add(f.get("span"), "flag", None,
            f"loaded language ({f.get('category', '')})" + (" in a quote" if f.get("in_quote")
                                                             else ""))
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
        out.append(_open_tag(covering) + piece + "</span>")
    return "".join(out)


def _open_tag(covering: Sequence[Mark]) -> str:
    kinds = sorted({m.kind for m in covering}, key=MARK_KINDS.index)
    source = next((m.source for m in covering if m.kind == "quote" and m.source), None) \
        or next((m.source for m in covering if m.source), None)
    notes = list(dict.fromkeys(m.note for m in sorted(
        covering, key=lambda m: MARK_KINDS.index(m.kind)) if m.note))
    attrs = [f'class="hl {" ".join(escape(k) for k in kinds)}"']
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
