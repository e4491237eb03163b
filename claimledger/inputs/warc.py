"""WARC and ARC archives (gzipped or not): one ``Document`` per HTML page captured.

Read with warcio's ``ArchiveIterator(arc2warc=True)``; ``response`` records (HTTP status
2xx) and ``resource`` records with an HTML content type go through the HTML path, with
url = ``WARC-Target-URI``. The page's own date is preferred; the capture date
(``WARC-Date``) is used only when the page shows none, because a capture can be years
after publication. Other records (requests, metadata, revisits, images, redirects) are
skipped silently: they are not articles.

Archives are untrusted bytes. A record whose body cannot be read (bad chunking, broken
gzip member) is a failure for that record and iteration goes on. A file whose framing
breaks (truncated, a bad header, a wrong Content-Length) is a failure at that offset and
iteration goes on with the next file. A gzip file compressed as one stream instead of one
member per record (invalid, but common) is re-read through gzip, keyed by the offset in
the uncompressed stream.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Generator, Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from claimledger.errors import InputError, InputNotFound
from claimledger.inputs.html import document_from_html_bytes
from claimledger.inputs.records import InputItem
from claimledger.inputs.text import MAX_FILE_BYTES

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = ("response", "resource")


def iter_archive(path: str) -> Iterator[InputItem]:
    """One item per HTML page record of ``path``, keyed ``path#offset N``."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except IsADirectoryError:
        yield InputItem.from_error(path, InputNotFound(path, "is a directory; pass the archive"))
        return
    except OSError as exc:
        reason = "no such file; check the path" if isinstance(exc, FileNotFoundError) else (
            f"cannot read ({exc.strerror})")
        yield InputItem.from_error(path, InputNotFound(path, reason))
        return
    try:
        gzipped = handle.read(2) == b"\x1f\x8b"
        handle.seek(0)
        redo = yield from _iterate(path, handle, prefix="offset", retry_decompressed=gzipped)
        if redo is not None:
            log.debug("%s: gzip members do not match records; re-reading it decompressed",
                      path)
            with gzip.open(path, "rb") as stream:
                yield from _iterate(path, stream, prefix="uncompressed offset", skip=redo)
    finally:
        handle.close()


def _iterate(path: str, stream: BinaryIO | gzip.GzipFile, *, prefix: str, skip: int = 0,
             retry_decompressed: bool = False) -> Generator[InputItem, None, int | None]:
    """Yield the page records of one stream, skipping the first ``skip`` records.

    Each item is held back until the next record parses: when the framing breaks, the
    record before the break is suspect (its length or gzip member was wrong). With
    ``retry_decompressed`` the suspect item is dropped and the number of records already
    yielded is returned, so the caller re-reads the file as one decompressed stream.
    Why: gzip members that do not match records (one stream for the whole file, or
    members cut mid-record as in warcio's "wrong-chunks" sample) break warcio's framing,
    while the decompressed stream parses.
    """
    iterator = ArchiveIterator(stream, arc2warc=True)
    records = iter(iterator)
    offset = 0
    seen = 0
    held: InputItem | None = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # untrusted bytes: any parser error
            if retry_decompressed:
                return max(seen - 1, 0)
            if held is not None:
                yield held
            yield _framing_failure(path, prefix, _failed_offset(iterator, offset), exc)
            return None
        if held is not None:
            yield held
            held = None
        # Why not get_record_offset(): it reads the record to its end first, which would
        # leave the body empty. ``offset`` is where the record now being read starts.
        offset = int(iterator.offset)
        seen += 1
        if seen > skip:
            held = _page_item(path, f"{prefix} {offset}", record)
    if held is not None:
        yield held
    return None


def _failed_offset(iterator: ArchiveIterator, last: int) -> int:
    """Where the record that failed to parse starts (warcio sets it after each record)."""
    offset = getattr(iterator, "offset", None)
    return offset if isinstance(offset, int) else last


def _framing_failure(path: str, prefix: str, offset: int, exc: Exception) -> InputItem:
    record = f"{prefix} {offset}"
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return InputItem.failed(f"{path}#{record}", path,
                            f"archive is broken here ({detail}); records after it are "
                            "skipped, earlier ones were read", record)


def _page_item(path: str, record_name: str, record: Any) -> InputItem | None:
    """An item for an HTML page record; None for records that are not pages."""
    if record.rec_type not in _PAGE_RECORDS:
        return None
    headers = record.http_headers if record.rec_type == "response" else None
    declared = record.rec_headers.get_header("Content-Type") or ""
    if (record.rec_type == "response" and declared.startswith("application/http")
            and (headers is None or not headers.statusline.strip())):
        # Why: warcio's bad-ARC sample has lengths "-1" and "abc"; such records parse
        # with no HTTP response in them and would otherwise vanish without a word.
        length = record.rec_headers.get_header("Content-Length")
        return InputItem.failed(
            f"{path}#{record_name}", path,
            f"HTTP response record without an HTTP status line (declared length "
            f"{length!r}); the record is skipped", record_name)
    if headers is not None:
        status = headers.get_statuscode()
        if not (status or "").startswith("2"):
            return None
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    key = f"{path}#{record_name}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        body = record.content_stream().read(MAX_FILE_BYTES + 1)
    except Exception as exc:  # untrusted bytes: chunked or gzip decoding
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        return InputItem.failed(key, path, f"record body cannot be read ({detail}); "
                                           "the record is skipped", record_name)
    if len(body) > MAX_FILE_BYTES:
        return InputItem.failed(key, path, "page is over the 50 MB limit; skipped", record_name)
    try:
        document = document_from_html_bytes(
            body, name=url or key, url=url, path=path,
            http_charset=_charset(content_type),
            fallback_date=record.rec_headers.get_header("WARC-Date"))
    except InputError as error:
        return InputItem.from_error(key, error, record_name)
    return InputItem.ok(key, document)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
