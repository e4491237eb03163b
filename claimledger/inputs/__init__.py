"""The input layer: files, stdin, HTML pages, JSONL dumps, feeds and WARC/ARC archives
turned into ``Document`` records.

``iter_inputs`` never raises for a bad input: every file or record yields an
``InputItem`` holding either a document or an ``InputFailure`` (one line naming the
input, what is wrong and what to do). ``read_document`` reads one article file and
raises the ``InputError`` subclasses of ``claimledger.errors`` instead.

Kinds, by name (see ``paths``): ``.txt`` text; ``.html``/``.htm`` (optionally ``.gz``)
pages; ``.jsonl`` dumps; ``.rss``/``.atom``/``.xml``/``.json`` feeds; ``.warc``/``.arc``
(optionally ``.gz``) archives; ``-`` standard input (HTML when it looks like HTML);
http(s) URLs when ``fetch=True``.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterator, Sequence
from typing import BinaryIO

import httpx

from claimledger.errors import (
    EmptyInput,
    InputError,
    InputNotFound,
    InputTooLarge,
    UndecodableInput,
)
from claimledger.inputs.feeds import iter_feed, iter_feed_bytes
from claimledger.inputs.fetch import Fetcher
from claimledger.inputs.html import (
    document_from_html,
    document_from_html_bytes,
    looks_like_html,
)
from claimledger.inputs.jsonl import iter_jsonl
from claimledger.inputs.paths import InputPath, expand, kind_of, looks_like_feed
from claimledger.inputs.records import InputFailure, InputItem
from claimledger.inputs.text import (
    MAX_FILE_BYTES,
    check_chars,
    check_text_size,
    decode_bytes,
    read_file_bytes,
    read_stream_bytes,
)
from claimledger.inputs.warc import iter_archive
from claimledger.model import Document

__all__ = [
    "InputFailure",
    "InputItem",
    "count_inputs",
    "document_from_html",
    "iter_inputs",
    "read_document",
]

STDIN_NAME = "<stdin>"


def iter_inputs(
    paths: Sequence[str],
    *,
    fetch: bool = False,
    stdin: BinaryIO | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[InputItem]:
    """Every document the arguments hold, in order, with a failure item for each bad one.

    ``fetch=True`` allows network access: http(s) URLs among ``paths`` are fetched and
    feed entries without enough content are replaced by their linked page (``transport``
    replaces the network in tests). Without it, URLs are failures.
    """
    fetcher = Fetcher(transport) if fetch else None
    try:
        for item in expand(paths):
            yield from _items(item, fetcher, stdin)
    finally:
        if fetcher is not None:
            fetcher.close()


def _items(item: InputPath, fetcher: Fetcher | None,
           stdin: BinaryIO | None) -> Iterator[InputItem]:
    if item.kind == "missing":
        yield InputItem.from_error(item.name, InputNotFound(
            item.name, "no file matches this path or pattern; check the path"))
    elif item.kind == "special":
        yield InputItem.from_error(item.name, InputNotFound(item.name, item.reason or ""))
    elif item.kind == "no_articles":
        yield InputItem.from_error(item.name, EmptyInput(item.name, item.reason or ""))
    elif item.kind == "url":
        yield from _url_items(item.name, fetcher)
    elif item.kind == "jsonl":
        yield from iter_jsonl(item.name)
    elif item.kind == "feed":
        yield from iter_feed(item.name, fetcher)
    elif item.kind == "archive":
        yield from iter_archive(item.name)
    else:
        key = STDIN_NAME if item.kind == "stdin" else item.name
        try:
            yield InputItem.ok(key, read_document(item.name, stdin=stdin))
        except InputError as error:
            yield InputItem.from_error(key, error)


def _url_items(url: str, fetcher: Fetcher | None) -> Iterator[InputItem]:
    if fetcher is None:
        yield InputItem.failed(url, url, "URLs are read only with fetch enabled (--fetch); "
                                         "or save the page and pass the file")
        return
    try:
        page = fetcher.fetch(url)
        if "html" not in page.content_type and looks_like_feed(page.body[:4096]):
            yield from iter_feed_bytes(page.body, url, fetcher)
            return
        yield InputItem.ok(url, document_from_html_bytes(page.body, name=url, url=page.url,
                                                         http_charset=page.charset))
    except InputError as error:
        yield InputItem.from_error(url, error)


def read_document(path: str, *, stdin: BinaryIO | None = None) -> Document:
    """One article from a text or HTML file (``.html.gz`` too), or ``-`` for stdin.

    Plain text is kept unchanged (only a UTF-8 byte-order mark is dropped, see
    ``text.decode_bytes``); HTML is extracted. Raises ``InputNotFound``,
    ``UndecodableInput``, ``EmptyInput`` or ``InputTooLarge`` naming the input.
    """
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _document_from_bytes(read_stream_bytes(stream, STDIN_NAME), STDIN_NAME,
                                    path=None, kind=None)
    kind = kind_of(path)
    if kind in ("jsonl", "feed", "archive"):
        raise InputError(path, "holds many records, not one article; read it with "
                               "iter_inputs (the ingest command)")
    data = read_file_bytes(path)
    if path.lower().endswith(".gz"):
        data = _gunzip(data, path)
    return _document_from_bytes(data, path, path=path, kind=kind)


def _document_from_bytes(data: bytes, name: str, *, path: str | None,
                         kind: str | None) -> Document:
    if not data.strip():
        raise EmptyInput(name, "the file is empty or only whitespace; pass a file with "
                               "article text")
    if kind == "html":
        return document_from_html_bytes(data, name=name, path=path)
    check_text_size(name, len(data))
    text, encoding = decode_bytes(data, name)
    if not text.strip():
        raise EmptyInput(name, "the file holds only whitespace; pass a file with article text")
    if kind is None and looks_like_html(text):
        return document_from_html(text, name=name, path=path, encoding=encoding)
    check_chars(name, text)
    return Document(text=text, path=path, encoding=encoding)


def _gunzip(data: bytes, name: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise UndecodableInput(name, f"not a readable gzip file ({exc})") from exc
    if len(out) > MAX_FILE_BYTES:
        raise InputTooLarge(name, f"decompresses to over {MAX_FILE_BYTES:,} bytes")
    return out


def count_inputs(paths: Sequence[str]) -> int | None:
    """How many inputs (files, URLs, stdin; not records) the arguments name, for progress
    bars; None when there are none to count."""
    total = sum(1 for _ in expand(paths))
    return total or None
