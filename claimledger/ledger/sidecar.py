"""Article metadata from a ``metadata.jsonl`` beside the article files.

Article folders exported from archives and corpora often keep their metadata in one
JSON Lines file next to the texts (one object per article, naming its ``file``), since a
plain ``.txt`` cannot carry a date or URL. Ingest fills a document's missing title,
URL, outlet and publication date from it; the text, and so the article id, is unchanged.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimledger.model import Document

log = logging.getLogger(__name__)

SIDECAR = "metadata.jsonl"


@lru_cache(maxsize=256)
def _sidecar(folder: str) -> dict[str, dict[str, Any]]:
    path = Path(folder) / SIDECAR
    if not path.is_file():
        return {}
    entries: dict[str, dict[str, Any]] = {}
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                entries[entry["file"]] = entry
    except (OSError, ValueError) as exc:  # metadata is a bonus: never fail the article
        log.warning("ignoring %s: %s", path, exc)
        return {}
    return entries


def with_sidecar_metadata(document: Document) -> Document:
    """``document`` with empty metadata fields filled from its folder's sidecar file."""
    if not document.path:
        return document
    path = Path(document.path)
    entry = _sidecar(str(path.parent)).get(path.name)
    if not entry:
        return document
    def filled(name: str) -> str | None:
        current: str | None = getattr(document, name)
        return current or (str(entry[name]) if entry.get(name) else None)

    return replace(document, title=filled("title"), url=filled("url"),
                   outlet=filled("outlet"), published=filled("published"))
