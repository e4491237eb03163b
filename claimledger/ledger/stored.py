"""Reading a stored article back into records: the inverse of ``ledger.rows``.

``stored_analysis`` rebuilds the ``Analysis`` of one article from its rows, so the ledger
can hand records (not row dicts) to whoever reads it, and ingest can give a second
publication of a text the analysis already stored for the first. Rows written by this
release read back to records equal to those written (``tests/test_ledger_records.py``);
rows of older releases read back with what they kept (an older quantity row has no span
of the thing it counts).

The document is the publication as stored: its outlet is the one the row records (the
URL's host when the page named none) and its date is the ISO form ``published`` holds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from claimledger.language import notes_for
from claimledger.ledger.base import Row, Tx
from claimledger.ledger.reads import article_row
from claimledger.ledger.store import Store, sql_access
from claimledger.model import (
    Analysis,
    Attribution,
    Claim,
    Document,
    Entity,
    Flag,
    Hedge,
    Notable,
    Profile,
    Quantity,
    Source,
    Span,
    Support,
)


def _loads(value: object, default: Any) -> Any:
    if not isinstance(value, str) or not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def _span(data: object) -> Span | None:
    if not isinstance(data, Mapping):
        return None
    return Span(int(data["start"]), int(data["end"]), str(data["text"]))


def _column_span(text: str | None, start: int | None, end: int | None) -> Span | None:
    if text is None or start is None or end is None:
        return None
    return Span(int(start), int(end), text)


def _spans(data: object) -> tuple[Span, ...]:
    items = data if isinstance(data, list) else []
    return tuple(span for span in map(_span, items) if span is not None)


def stored_document(row: Row) -> Document:
    """The document of an ``articles`` row (its text hash is ``text_id``)."""
    return Document(
        text=row["text"], path=row.get("path"), url=row.get("url"), title=row.get("title"),
        outlet=row.get("outlet"), published=row.get("published"),
        authors=tuple(str(a) for a in _loads(row.get("authors"), [])),
        language=row.get("language") or "en", encoding=row.get("encoding"),
        id=row.get("text_id") or "")


def source_of(row: Row) -> Source:
    return Source(id=row["id"], name=row["name"], kind=row["kind"], role=row["role"],
                  affiliation=row["affiliation"], anonymity_reason=row["anonymity_reason"],
                  mentions=_spans(_loads(row["mentions"], [])),
                  members=tuple(str(m) for m in _loads(row.get("members"), [])))


def attribution_of(row: Row) -> Attribution:
    content = _column_span(row["content"], row["content_start"], row["content_end"])
    return Attribution(
        id=row["id"], kind=row["kind"],
        content=content or Span(0, 0, row["content"] or ""),
        cue=_column_span(row["cue"], row["cue_start"], row["cue_end"]),
        speaker=_column_span(row["speaker"], row["speaker_start"], row["speaker_end"]),
        source=row["source_id"])


def _hedge(data: Mapping[str, Any]) -> Hedge:
    return Hedge(span=_span(data["span"]) or Span(0, 0, ""), cue=str(data.get("cue", "")),
                 type=str(data.get("type", "")), cue_type=str(data.get("cue_type") or ""))


def _support(value: object) -> Support:
    data = _loads(value, value)
    if isinstance(data, Mapping):
        return Support(str(data.get("label", "")), tuple(data.get("reasons") or ()))
    return Support(str(data or ""))


def claim_of(row: Row) -> Claim:
    extra = _loads(row["extra"], {})
    features = extra.get("features") or {}
    return Claim(
        id=row["id"],
        span=_column_span(row["text"], row["span_start"], row["span_end"])
        or Span(0, 0, row["text"]),
        holder=row["holder"],
        holder_kind=str(extra.get("holder_kind", "")),
        attribution=row["attribution"],
        hedges=tuple(_hedge(h) for h in _loads(row["hedges"], [])),
        vague=_spans(extra.get("vague")),
        checkworthiness=float(extra.get("checkworthiness", 0.0)),
        features=tuple((str(k), bool(v)) for k, v in features.items()),
        opinion=bool(extra.get("opinion", False)),
        prediction=bool(extra.get("prediction", False)),
        quantities=tuple(str(q) for q in _loads(row["quantity_ids"], [])),
        entities=tuple(str(e) for e in _loads(row["entity_ids"], [])),
        support=_support(row["support"]),
        headline=bool(extra.get("headline", False)),
    )


def quantity_of(row: Row) -> Quantity:
    extra = _loads(row["extra"], {})
    return Quantity(
        id=row["id"],
        span=_column_span(row["text"], row["span_start"], row["span_end"])
        or Span(0, 0, row["text"] or ""),
        value=row["value"], low=row["low"], high=row["high"], unit=row["unit"],
        kind=row["kind"] or "", approximate=bool(row["approximate"]),
        quantified=_span(extra.get("quantified")), change=extra.get("change"),
        score=tuple(int(n) for n in extra["score"]) if extra.get("score") else None)


def entity_of(row: Row) -> Entity:
    return Entity(id=row["id"], name=row["name"], kind=row["kind"] or "",
                  aliases=tuple(str(a) for a in _loads(row["aliases"], [])),
                  mentions=_spans(_loads(row["mentions"], [])))


def flag_of(row: Row) -> Flag:
    data = _loads(row["data"], {})
    return Flag(id=str(data.get("id", f"f{int(row['seq']) + 1}")),
                span=_span(data.get("span")) or Span(0, 0, row["text"] or ""),
                term=str(data.get("term", row["text"] or "")),
                category=str(data.get("category", row["kind"] or "")),
                in_quote=bool(data.get("in_quote", False)))


def profile_of(value: object) -> Profile | None:
    """The profile JSON as a record: JSON objects become the record's (key, value)
    pairs, ``notable`` its ``Notable`` facts; derived totals (``flags``) are dropped."""
    data = _loads(value, None)
    if not isinstance(data, Mapping):
        return None
    given: dict[str, Any] = {}
    for f in fields(Profile):
        if f.name not in data:
            continue
        item = data[f.name]
        if f.name == "notable":
            item = tuple(Notable(str(n.get("fact", "")), str(n.get("reason", "")))
                         for n in item if isinstance(n, Mapping))
        elif isinstance(item, Mapping):
            item = tuple(item.items())
        given[f.name] = item
    return Profile(**given)


def analysis_of(tx: Tx, article: Row) -> Analysis:
    """The analysis of the ``articles`` row ``article``, read in the transaction ``tx``."""
    aid = article["id"]

    def rows(table: str, order: str) -> list[Row]:
        return tx.execute(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY {order}",
                          (aid,))

    return Analysis(
        document=stored_document(article),
        attributions=tuple(map(attribution_of, rows("attributions", "n"))),
        sources=tuple(map(source_of, rows("sources", "n"))),
        claims=tuple(map(claim_of, rows("claims", "n"))),
        quantities=tuple(sorted(map(quantity_of, rows("quantities", "id")), key=_number_key)),
        entities=tuple(sorted(map(entity_of, rows("entities", "id")), key=_number_key)),
        flags=tuple(map(flag_of, rows("flags", "seq"))),
        profile=profile_of(article.get("profile")),
        # Notes follow from the stored language (claimledger.language), so none are stored.
        notes=notes_for(article.get("language") or "en"),
    )


def _number_key(record: Quantity | Entity) -> tuple[int, str]:
    """``q2`` before ``q10``: ids are a letter and the record's position."""
    digits = record.id.lstrip("abcdefghijklmnopqrstuvwxyz")
    return (int(digits) if digits.isdigit() else 0, record.id)


def stored_analysis(store: Store, article_id: str) -> Analysis | None:
    """The stored analysis of one article (publication); None when there is none."""
    with sql_access(store).transaction(write=False) as tx:
        found = article_row(tx, article_id)
        return analysis_of(tx, found) if found else None
