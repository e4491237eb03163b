"""Turning one ``Analysis`` (its JSON contract) into the ledger's rows.

Pure functions, no database: the same rows go to SQLite and PostgreSQL. Fields the
contract may add later are not lost: what a table has no column for is kept in the
row's ``extra`` JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from claimledger.ledger.dates import iso_date

Record = dict[str, Any]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """The rows of one article, table by table; written in one transaction."""

    article: Record
    sources: list[Record] = field(default_factory=list)
    attributions: list[Record] = field(default_factory=list)
    claims: list[Record] = field(default_factory=list)
    quantities: list[Record] = field(default_factory=list)
    entities: list[Record] = field(default_factory=list)
    flags: list[Record] = field(default_factory=list)

    def children(self) -> list[tuple[str, list[str], list[Record]]]:
        """(table, conflict key, rows) for every table below ``articles``."""
        return [
            ("sources", ["article_id", "id"], self.sources),
            ("attributions", ["article_id", "id"], self.attributions),
            ("claims", ["uid"], self.claims),
            ("quantities", ["article_id", "id"], self.quantities),
            ("entities", ["article_id", "id"], self.entities),
            ("flags", ["article_id", "seq"], self.flags),
        ]


def claim_uid(article_id: str, claim_id: str) -> str:
    """The ledger-wide id of one observation: its article's content hash and claim id."""
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


def _span(value: object) -> tuple[str | None, int | None, int | None]:
    if isinstance(value, Mapping):
        start, end = value.get("start"), value.get("end")
        return (value.get("text"), start if isinstance(start, int) else None,
                end if isinstance(end, int) else None)
    return None, None, None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else None


def _flag(value: object) -> int | None:
    return None if value is None else int(bool(value))


def article_rows(analysis: Mapping[str, Any], *, ingested_at: str) -> ArticleRows:
    """All rows of one analysed article (``analysis`` is ``Analysis.to_dict()``).

    Outlet: the document's own (metadata or page) else the URL's host. Time: the
    publication date (made ISO; an unreadable one is dropped) else ``ingested_at``, as
    the provenance spec defines it.
    """
    doc = analysis["document"]
    aid = str(doc["id"])
    outlet = doc.get("outlet") or outlet_from_url(doc.get("url"))
    published = iso_date(doc.get("published"))
    claims = [_claim_row(aid, c) for c in analysis.get("claims") or ()]
    article: Record = {
        "id": aid,
        "url": doc.get("url"),
        "path": doc.get("path"),
        "title": doc.get("title"),
        "outlet": outlet,
        "published": published,
        "first_ingested": ingested_at,
        "time": published or ingested_at,
        "authors": _json(list(doc.get("authors") or ())),
        "language": doc.get("language"),
        "encoding": doc.get("encoding"),
        "text": doc["text"],
        "schema": analysis.get("schema"),
        "profile": None if analysis.get("profile") is None else _json(analysis["profile"]),
        "n_attributions": len(analysis.get("attributions") or ()),
        "n_sources": len(analysis.get("sources") or ()),
        "n_claims": len(claims),
        "n_quantities": len(analysis.get("quantities") or ()),
        "n_entities": len(analysis.get("entities") or ()),
        "n_flags": len(analysis.get("flags") or ()),
    }
    return ArticleRows(
        article=article,
        sources=[_source_row(aid, s) for s in analysis.get("sources") or ()],
        attributions=[_attribution_row(aid, a) for a in analysis.get("attributions") or ()],
        claims=claims,
        quantities=[_quantity_row(aid, q) for q in analysis.get("quantities") or ()],
        entities=[_entity_row(aid, e) for e in analysis.get("entities") or ()],
        flags=[_flag_row(aid, i, f) for i, f in enumerate(analysis.get("flags") or ())],
    )


def _source_row(aid: str, s: Mapping[str, Any]) -> Record:
    return {
        "article_id": aid, "id": s["id"], "name": s.get("name") or "", "kind": s["kind"],
        "role": s.get("role"), "affiliation": s.get("affiliation"),
        "anonymity_reason": s.get("anonymity_reason"),
        "mentions": _json(list(s.get("mentions") or ())),
    }


def _attribution_row(aid: str, a: Mapping[str, Any]) -> Record:
    content, c_start, c_end = _span(a.get("content"))
    cue, q_start, q_end = _span(a.get("cue"))
    speaker, s_start, s_end = _span(a.get("speaker"))
    return {
        "article_id": aid, "id": a["id"], "kind": a["kind"],
        "content": content or "", "content_start": c_start, "content_end": c_end,
        "cue": cue, "cue_start": q_start, "cue_end": q_end,
        "speaker": speaker, "speaker_start": s_start, "speaker_end": s_end,
        "source_id": a.get("source"),
    }


_CLAIM_KEYS = {"id", "span", "holder", "attribution", "hedges", "quantities", "entities",
               "support"}


def _claim_row(aid: str, c: Mapping[str, Any]) -> Record:
    text, start, end = _span(c.get("span"))
    support = c.get("support")
    return {
        "uid": claim_uid(aid, str(c["id"])), "article_id": aid, "id": str(c["id"]),
        "text": text or "", "span_start": start, "span_end": end,
        "holder": c.get("holder"), "attribution": c.get("attribution"),
        "hedges": _json(list(c.get("hedges") or ())),
        "quantity_ids": _json(list(c.get("quantities") or ())),
        "entity_ids": _json(list(c.get("entities") or ())),
        "support": None if support is None else
        (support if isinstance(support, str) else _json(support)),
        "extra": _json({k: v for k, v in c.items() if k not in _CLAIM_KEYS}),
    }


_QUANTITY_KEYS = {"id", "span", "value", "low", "high", "unit", "kind", "approximate",
                  "quantified"}


def _quantity_row(aid: str, q: Mapping[str, Any]) -> Record:
    text, start, end = _span(q.get("span"))
    return {
        "article_id": aid, "id": str(q["id"]), "text": text, "span_start": start,
        "span_end": end, "value": _number(q.get("value")), "low": _number(q.get("low")),
        "high": _number(q.get("high")), "unit": q.get("unit"), "kind": q.get("kind"),
        "approximate": _flag(q.get("approximate")), "quantified": _flag(q.get("quantified")),
        "extra": _json({k: v for k, v in q.items() if k not in _QUANTITY_KEYS}),
    }


_ENTITY_KEYS = {"id", "name", "kind", "aliases", "mentions"}


def _entity_row(aid: str, e: Mapping[str, Any]) -> Record:
    return {
        "article_id": aid, "id": str(e["id"]), "name": e.get("name") or "",
        "kind": e.get("kind"), "aliases": _json(list(e.get("aliases") or ())),
        "mentions": _json(list(e.get("mentions") or ())),
        "extra": _json({k: v for k, v in e.items() if k not in _ENTITY_KEYS}),
    }


def _flag_row(aid: str, seq: int, f: Mapping[str, Any]) -> Record:
    text, _, _ = _span(f.get("span"))
    kind = f.get("kind") or f.get("type")
    return {"article_id": aid, "seq": seq, "kind": None if kind is None else str(kind),
            "text": text, "data": _json(dict(f))}
