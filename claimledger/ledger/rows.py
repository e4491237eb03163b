"""Turning one ``Analysis`` into the ledger's rows: one function per table, from records.

Pure functions, no database: the same rows go to SQLite, PostgreSQL and the Parquet tables
of the Spark job. This is the one place where records become rows; ``ledger.stored``
reads rows back into records. Fields a record may gain later are not lost: what a table
has no column for is kept in the row's ``extra`` JSON (the record's own JSON, minus the
columns).

An article row is one *publication*: the same text published by two outlets (or at two
URLs) is two article rows, each with its own claims, so each outlet's observation of a
claim is counted (see ``publication_id`` and docs/ledger.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from claimledger.ledger.dates import iso_date
from claimledger.model import (
    SCHEMA_ID,
    Analysis,
    Attribution,
    Claim,
    Document,
    Entity,
    Flag,
    Quantity,
    Source,
    Span,
)

Row = dict[str, Any]  # column -> value: what a database driver or Parquet writer takes


def _json(value: object) -> str:
    """Compact JSON in the records' own key order (as ``to_dict`` gives it), so that
    ``ledger.stored`` reads back records equal to those written, pairs in order."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """The rows of one article, table by table; written in one transaction."""

    article: Row
    sources: list[Row] = field(default_factory=list)
    attributions: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    quantities: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return str(self.article["id"])

    def children(self) -> list[tuple[str, list[str], list[Row]]]:
        """(table, conflict key, rows) for every table below ``articles``."""
        return [
            ("sources", ["article_id", "id"], self.sources),
            ("attributions", ["article_id", "id"], self.attributions),
            ("claims", ["uid"], self.claims),
            ("quantities", ["article_id", "id"], self.quantities),
            ("entities", ["article_id", "id"], self.entities),
            ("flags", ["article_id", "seq"], self.flags),
        ]


# Columns of ``articles`` that an analysis fills (the rest describe the publication);
# re-analysis rewrites exactly these.
ANALYSIS_COLUMNS = ("schema", "profile", "language", "n_attributions", "n_sources",
                    "n_claims", "n_quantities", "n_entities", "n_flags", "analyser")


def claim_uid(article_id: str, claim_id: str) -> str:
    """The ledger-wide id of one observation: its article (publication) id and claim id."""
    return f"{article_id}:{claim_id}"


def outlet_from_url(url: str | None) -> str | None:
    """The outlet named by a URL's host, without ``www.`` (``www.bbc.co.uk`` → ``bbc.co.uk``).

    Used when the page's metadata names no outlet: the host is what a reader sees.
    """
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.lower().removeprefix("www.")
    return host or None


def article_outlet(document: Document) -> str | None:
    """The outlet an article row records: the document's own, else its URL's host."""
    return document.outlet or outlet_from_url(document.url)


def publication_key(text_id: str, outlet: str | None, url: str | None) -> str:
    """The id of one publication: SHA-256 of the text's hash, the outlet and the URL.

    Why not the path: a path says where our copy of an article lies, not where it was
    published; ``ingest a.txt``, ``ingest ./a.txt`` and a moved folder must not become
    three publications. Two outlets (or two URLs) carrying one text are two publications.
    """
    key = "\n".join((text_id, outlet or "", url or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def publication_id(document: Document) -> str:
    """The article id ``document`` is stored under (see ``publication_key``)."""
    return publication_key(document.id, article_outlet(document), document.url)


def article_rows(analysis: Analysis, *, ingested_at: str, analyser: str | None,
                 article_id: str | None = None) -> ArticleRows:
    """All rows of one analysed article.

    ``analyser`` is the version string of what produced the analysis
    (``claimledger.version.analyser_version``); ``article_id`` defaults to the
    document's ``publication_id``.
    """
    aid = article_id or publication_id(analysis.document)
    return ArticleRows(
        article=article_row(aid, analysis, ingested_at=ingested_at, analyser=analyser),
        sources=[source_row(aid, s) for s in analysis.sources],
        attributions=[attribution_row(aid, a) for a in analysis.attributions],
        claims=[claim_row(aid, c) for c in analysis.claims],
        quantities=[quantity_row(aid, q) for q in analysis.quantities],
        entities=[entity_row(aid, e) for e in analysis.entities],
        flags=[flag_row(aid, i, f) for i, f in enumerate(analysis.flags)],
    )


def article_row(aid: str, analysis: Analysis, *, ingested_at: str,
                analyser: str | None) -> Row:
    """Outlet: the document's own (metadata or page) else the URL's host. Time: the
    publication date (made ISO; an unreadable one is dropped) else ``ingested_at``, as
    the provenance spec defines it."""
    doc = analysis.document
    published = iso_date(doc.published)
    return {
        "id": aid,
        "url": doc.url,
        "path": doc.path,
        "title": doc.title,
        "outlet": article_outlet(doc),
        "published": published,
        "first_ingested": ingested_at,
        "time": published or ingested_at,
        "authors": _json(list(doc.authors)),
        "language": doc.language,
        "encoding": doc.encoding,
        "text": doc.text,
        "schema": SCHEMA_ID,
        "profile": None if analysis.profile is None else _json(analysis.profile.to_dict()),
        "n_attributions": len(analysis.attributions),
        "n_sources": len(analysis.sources),
        "n_claims": len(analysis.claims),
        "n_quantities": len(analysis.quantities),
        "n_entities": len(analysis.entities),
        "n_flags": len(analysis.flags),
        "text_id": doc.id,
        "analyser": analyser,
    }


def _span(span: Span | None) -> tuple[str | None, int | None, int | None]:
    return (None, None, None) if span is None else (span.text, span.start, span.end)


def _extra(record: Mapping[str, Any], columns: frozenset[str]) -> str:
    return _json({k: v for k, v in record.items() if k not in columns})


def source_row(aid: str, s: Source) -> Row:
    return {
        "article_id": aid, "id": s.id, "name": s.name, "kind": s.kind, "role": s.role,
        "affiliation": s.affiliation, "anonymity_reason": s.anonymity_reason,
        "mentions": _json([m.to_dict() for m in s.mentions]),
        "members": _json(list(s.members)),
    }


def attribution_row(aid: str, a: Attribution) -> Row:
    content, c_start, c_end = _span(a.content)
    cue, q_start, q_end = _span(a.cue)
    speaker, s_start, s_end = _span(a.speaker)
    return {
        "article_id": aid, "id": a.id, "kind": a.kind,
        "content": content or "", "content_start": c_start, "content_end": c_end,
        "cue": cue, "cue_start": q_start, "cue_end": q_end,
        "speaker": speaker, "speaker_start": s_start, "speaker_end": s_end,
        "source_id": a.source,
    }


# JSON fields of a claim that have a column of their own (the rest go to ``extra``).
CLAIM_COLUMNS = frozenset({"id", "span", "holder", "attribution", "hedges", "quantities",
                           "entities", "support"})


def claim_row(aid: str, c: Claim) -> Row:
    text, start, end = _span(c.span)
    return {
        "uid": claim_uid(aid, c.id), "article_id": aid, "id": c.id,
        "text": text or "", "span_start": start, "span_end": end,
        "holder": c.holder, "attribution": c.attribution,
        "hedges": _json([h.to_dict() for h in c.hedges]),
        "quantity_ids": _json(list(c.quantities)),
        "entity_ids": _json(list(c.entities)),
        "support": _json(c.support.to_dict()),
        "extra": _extra(c.to_dict(), CLAIM_COLUMNS),
    }


# ``quantified`` has a 0/1 column (does the quantity count a named thing?); the span of
# that thing is kept in ``extra`` under the same name, so the record can be read back.
QUANTITY_COLUMNS = frozenset({"id", "span", "value", "low", "high", "unit", "kind",
                              "approximate"})


def quantity_row(aid: str, q: Quantity) -> Row:
    text, start, end = _span(q.span)
    return {
        "article_id": aid, "id": q.id, "text": text, "span_start": start,
        "span_end": end, "value": q.value, "low": q.low, "high": q.high, "unit": q.unit,
        "kind": q.kind, "approximate": int(q.approximate),
        "quantified": int(q.quantified is not None),
        "extra": _extra(q.to_dict(), QUANTITY_COLUMNS),
    }


ENTITY_COLUMNS = frozenset({"id", "name", "kind", "aliases", "mentions"})


def entity_row(aid: str, e: Entity) -> Row:
    return {
        "article_id": aid, "id": e.id, "name": e.name, "kind": e.kind,
        "aliases": _json(list(e.aliases)),
        "mentions": _json([m.to_dict() for m in e.mentions]),
        "extra": _extra(e.to_dict(), ENTITY_COLUMNS),
    }


def flag_row(aid: str, seq: int, f: Flag) -> Row:
    """``kind`` is the flag's category (loaded, sensational, intensifier...); ``data`` the
    whole flag record."""
    return {"article_id": aid, "seq": seq, "kind": f.category, "text": f.span.text,
            "data": _json(f.to_dict())}
