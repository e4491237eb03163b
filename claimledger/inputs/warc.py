"""WARC and ARC archives (gzipped or not): one ``Document`` per HTML page captured.

Read with warcio's ``ArchiveIterator(arc2warc=True)``; ``response`` records (HTTP status
2xx) and ``resource`` records with an HTML content type go through the HTML path, with
url = ``WARC-Target-URI``. The page's own date is preferred; the capture date
(``WARC-Date``) is used only when the page shows none, because a capture can be years
after publication. Other records (requests, metadata, revisits, images, redirects) are
skipped silently: they are not articles.

Archives are untrusted bytes. A record whose body cannot be read (bad chunking, broken
gzip member) is a failure for that record and iteration goes on. So is a page record
that is not whole: fewer bytes than its ``Content-Length`` declares (the archive was cut
inside it: "truncated"), content that does not match its ``WARC-Block-Digest`` or
``WARC-Payload-Digest`` ("digest mismatch"), or a ``WARC-Truncated`` header. Such a
record is never turned into a document: a cut page would be stored as a short article
for good. An archive that ends inside a record's headers is a failure at that offset.
A file whose framing breaks (a bad header, a wrong Content-Length) is a failure at that
offset and iteration goes on with the next file. A gzip file compressed as one stream
instead of one member per record (invalid, but common) is re-read through gzip, keyed by
the offset in the uncompressed stream.
"""

from __future__ import annotations

import gzip
import logging
import os
from collections.abc import Generator, Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from claimledger.errors import InputError, InputNotFound
from claimledger.inputs.html import document_from_html_bytes
from claimledger.inputs.paths import special_file, special_reason
from claimledger.inputs.records import InputItem
from claimledger.inputs.text import MAX_FILE_BYTES

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = ("response", "resource")
_CHUNK = 64 * 1024
_AGAIN = " (a complete copy of the archive is read again: its key differs)"


def iter_archive(path: str) -> Iterator[InputItem]:
    """One item per HTML page record of ``path``, keyed ``path#offset N IDENTITY``.

    The identity is what the record declares about its content (``record_identity``),
    so resume keys change when the bytes at an offset do: a complete copy of an archive
    that was cut is read again, not skipped as done.
    """
    what = special_file(path)
    if what is not None:  # a FIFO or a device: opening it may never return
        yield InputItem.from_error(path, InputNotFound(path, special_reason(what)))
        return
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
    iterator = ArchiveIterator(stream, arc2warc=True, check_digests=True)
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
            held = _page_item(path, f"{prefix} {offset} {record_identity(record)}", record)
    if held is not None:
        yield held
    cut = _bytes_after_last_record(stream, iterator)
    if cut:
        offset = int(iterator.offset)
        yield InputItem.failed(
            f"{path}#{prefix} {offset}", path,
            f"truncated: the archive ends inside the headers of a record ({cut:,} bytes "
            "after the last whole record); the earlier records were read, a complete copy "
            "of the archive will be read again", f"{prefix} {offset}")
    return None


def _bytes_after_last_record(stream: BinaryIO | gzip.GzipFile,
                             iterator: ArchiveIterator) -> int:
    """How many bytes of a file come after the last record warcio read (0 for a stream
    whose size is unknown). Why: warcio stops silently, as at a clean end, when the file
    ends inside a record's headers, so the cut record would vanish without a word."""
    if isinstance(stream, gzip.GzipFile):
        return 0  # offsets count uncompressed bytes there, the size compressed ones
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return 0
    return max(size - int(iterator.offset), 0)


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


def record_identity(record: Any) -> str:
    """What a record declares about its content: its block digest, else its payload
    digest, else its length (``length:N``; ARC records have no digests). One token."""
    headers = record.rec_headers
    declared = (headers.get_header("WARC-Block-Digest")
                or headers.get_header("WARC-Payload-Digest"))
    if not declared:
        declared = f"length:{headers.get_header('Content-Length')}"
    return "".join(str(declared).split())[:120]


def _page_item(path: str, record_name: str, record: Any) -> InputItem | None:
    """An item for an HTML page record; None for records that are not pages.

    A response or resource record of unknown content type is read too: when it was cut
    inside its HTTP headers, the type is what the cut removed.
    """
    if record.rec_type not in _PAGE_RECORDS:
        return None
    key = f"{path}#{record_name}"
    headers = record.http_headers if record.rec_type == "response" else None
    declared = record.rec_headers.get_header("Content-Type") or ""
    if (record.rec_type == "response" and declared.startswith("application/http")
            and (headers is None or not headers.statusline.strip())):
        # Why: warcio's bad-ARC sample has lengths "-1" and "abc"; such records parse
        # with no HTTP response in them and would otherwise vanish without a word.
        length = record.rec_headers.get_header("Content-Length")
        return InputItem.failed(
            key, path,
            f"HTTP response record without an HTTP status line (declared length "
            f"{length!r}); the record is skipped", record_name)
    if headers is not None:
        status = headers.get_statuscode()
        if not (status or "").startswith("2"):
            return None
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type and media_type not in _HTML_TYPES:
        return None
    try:
        body = record.content_stream().read(MAX_FILE_BYTES + 1)
    except Exception as exc:  # untrusted bytes: chunked or gzip decoding
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        return InputItem.failed(key, path, f"record body cannot be read ({detail}); "
                                           "the record is skipped", record_name)
    broken = _not_whole(record)
    if broken is not None:
        return InputItem.failed(key, path, broken, record_name)
    if not media_type:
        return None
    if len(body) > MAX_FILE_BYTES:
        return InputItem.failed(key, path, "page is over the 50 MB limit; skipped", record_name)
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        document = document_from_html_bytes(
            body, name=url or key, url=url, path=path,
            http_charset=_charset(content_type),
            fallback_date=record.rec_headers.get_header("WARC-Date"))
    except InputError as error:
        return InputItem.from_error(key, error, record_name)
    return InputItem.ok(key, document)


def _not_whole(record: Any) -> str | None:
    """Why the record's bytes are not the whole record it declares; None when they are.

    Reads the rest of the record (warcio would, to reach the next one) so that its
    length and digests can be checked: warcio checks digests only on a record read to
    its declared end, and a record the file ends inside of simply stops early.
    """
    raw = record.raw_stream
    try:
        while raw.read(_CHUNK):
            pass
    except Exception as exc:  # untrusted bytes: a cut gzip member, say
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        return (f"truncated: the record cannot be read to its end ({detail}); it is "
                f"skipped{_AGAIN}")
    missing = getattr(raw, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        declared = record.rec_headers.get_header("Content-Length") or "?"
        if declared.strip().isdigit():
            declared = f"{int(declared):,}"
        url = record.rec_headers.get_header("WARC-Target-URI")
        of = f" of {url}" if url else ""
        return (f"truncated: the record{of} declares {declared} bytes (Content-Length) "
                f"but the archive ends {missing:,} bytes short of that; it is "
                f"skipped{_AGAIN}")
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        problems = "; ".join(str(p) for p in checker.problems)[:300]
        return (f"digest mismatch: the record's bytes do not match its digest "
                f"({problems}); it is skipped")
    cut_by_crawler = record.rec_headers.get_header("WARC-Truncated")
    if cut_by_crawler:
        return (f"truncated by the crawler (WARC-Truncated: {cut_by_crawler}): the "
                "archive holds only part of the page; it is skipped")
    return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
