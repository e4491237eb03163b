"""JSON Lines article dumps (news-please fields): one ``Document`` per line.

Fields read: ``maintext`` (or ``text``), ``title``, ``url``, ``date_publish`` (or
``published``/``date``), ``source_domain`` (or ``outlet``), ``authors`` (list or string).
A line that is not JSON or has no text becomes a failure for that line; the rest of the
file is still read. Blank lines are skipped. ``.jsonl.gz`` is read through gzip.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from claimledger.errors import InputError, InputNotFound
from claimledger.inputs.paths import special_file, special_reason
from claimledger.inputs.records import InputItem
from claimledger.inputs.text import check_chars, check_file_size
from claimledger.model import Document


def iter_jsonl(path: str) -> Iterator[InputItem]:
    """One item per non-blank line of ``path``, keyed ``path#line N`` (1-based)."""
    try:
        handle = _open(path)
    except InputError as error:
        yield InputItem.from_error(path, error)
        return
    with handle:
        line_number = 0
        try:
            for line_number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield _item(path, line_number, raw)
        except (OSError, EOFError, zlib.error) as exc:
            record = f"line {line_number + 1}"
            yield InputItem.failed(f"{path}#{record}", path,
                                   f"file is truncated or corrupt ({exc}); the lines "
                                   "before were read", record)


def _open(path: str) -> BinaryIO | gzip.GzipFile:
    what = special_file(path)
    if what is not None:  # a FIFO or a device: opening it may never return
        raise InputNotFound(path, special_reason(what))
    try:
        if path.lower().endswith(".gz"):
            return gzip.open(path, "rb")
        return open(path, "rb")
    except IsADirectoryError as exc:
        raise InputNotFound(path, "is a directory; pass the JSONL file") from exc
    except FileNotFoundError as exc:
        raise InputNotFound(path, "no such file; check the path") from exc
    except PermissionError as exc:
        raise InputNotFound(path, "permission denied; check the file's permissions") from exc


def _item(path: str, line_number: int, raw: bytes) -> InputItem:
    record = f"line {line_number}"
    key = f"{path}#{record}"
    try:
        check_file_size(key, len(raw))
        value = json.loads(raw)
    except InputError as error:
        return InputItem.from_error(key, error, record)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return InputItem.failed(key, path, f"not valid JSON ({exc}); fix or remove the line",
                                record)
    if not isinstance(value, dict):
        return InputItem.failed(key, path, "not a JSON object; each line must be one article",
                                record)
    text = value.get("maintext") or value.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputItem.failed(key, path, "no article text (a non-empty 'maintext' or "
                                           "'text' field is needed)", record)
    try:
        check_chars(key, text)
    except InputError as error:
        return InputItem.from_error(key, error, record)
    return InputItem.ok(key, Document(
        text=text,
        path=path,
        url=_string(value.get("url")),
        title=_string(value.get("title")),
        outlet=_string(value.get("source_domain") or value.get("outlet")),
        published=_date(value.get("date_publish") or value.get("published")
                        or value.get("date")),
        authors=_authors(value.get("authors")),
        language=_string(value.get("language")) or "en",
    ))


def _string(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _date(value: Any) -> str | None:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value) if isinstance(value, str) else None
    return match.group(1) if match else None


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list):
        return ()
    names = (" ".join(v.split()) for v in value if isinstance(v, str))
    return tuple(dict.fromkeys(name for name in names if name))
