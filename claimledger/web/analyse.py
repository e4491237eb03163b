"""The Analyse page's work: a pasted text or an uploaded file in, an ``Analysis`` out, and
(on request) that analysis stored in the ledger exactly as ``ingest`` would store it."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from claimledger.analysis import analyze_document
from claimledger.errors import EmptyInput
from claimledger.inputs.html import document_from_html, document_from_html_bytes, looks_like_html
from claimledger.inputs.text import decode_bytes
from claimledger.ledger.base import now_iso
from claimledger.ledger.rows import article_rows
from claimledger.model import Analysis, Document
from claimledger.version import analyser_version

if TYPE_CHECKING:
    from claimledger.web.app import Ledger

_SAFE_NAME = re.compile(r"[^\w.\- ]+")


def clean_field(value: object, limit: int = 500) -> str | None:
    """A form field as a stripped string (None when empty), cut to ``limit`` characters."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value[:limit] or None


def upload_name(filename: str | None) -> str:
    """The uploaded file's base name, with path parts and odd characters removed."""
    base = (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    return _SAFE_NAME.sub("_", base)[:120] or "upload"


def document_from_form(text: str | None, upload: bytes | None, filename: str | None,
                       *, url: str | None = None, title: str | None = None,
                       outlet: str | None = None, published: str | None = None) -> Document:
    """The document to analyse: the uploaded file when there is one (HTML is extracted,
    text decoded unchanged), else the pasted text (HTML recognised by its markup)."""
    if upload:
        name = upload_name(filename)
        if name.lower().endswith((".html", ".htm", ".xhtml")):
            document = document_from_html_bytes(upload, name=name, url=url)
        else:
            decoded, encoding = decode_bytes(upload, name)
            document = document_from_html(decoded, name=name, url=url, encoding=encoding) \
                if looks_like_html(decoded) else \
                Document(text=decoded, url=url, encoding=encoding)
        document = replace(document, path=name)
    elif text and text.strip():
        # Browsers send form text with CRLF line ends; the analysed text is what we store.
        pasted = text.replace("\r\n", "\n")
        document = document_from_html(pasted, name="<pasted>", url=url) \
            if looks_like_html(pasted) else Document(text=pasted, url=url)
    else:
        raise EmptyInput("<form>", "paste an article's text or choose a file to analyse")
    given: dict[str, Any] = {"title": title, "outlet": outlet, "published": published}
    changes = {key: value for key, value in given.items() if value}
    return replace(document, **changes) if changes else document


def analyse(document: Document) -> Analysis:
    return analyze_document(document)


def store_analysis(ledger: Ledger, analysis: Analysis) -> bool:
    """Store one analysis; False when the ledger already had this publication (same
    outlet, URL and text; its id is ``publication_id(analysis.document)``).

    One writer at a time (the ledger's write lock), one transaction per article, and the
    input key ``web:<article id>`` marks it done just as ``ingest`` marks a file.
    """
    rows = article_rows(analysis, ingested_at=now_iso(),
                        analyser=analyser_version())
    with ledger.write_lock:
        new = ledger.store().write_article(f"web:{rows.article_id}", rows)
    ledger.invalidate()
    return new
