"""Which files an input argument means, and what kind of input each file is.

Arguments are expanded in order: ``-`` is standard input, an http(s) URL stays a URL, an
existing path is used as given (so a file literally named ``a[1].txt`` works), a
directory is walked recursively in sorted order, and anything else with glob characters
is expanded as a glob (``**`` recursive). Each path is yielded once, at its first place.

Inside directories only known article formats are picked; hidden files and folders and
other files are skipped silently (logged at DEBUG), because article folders routinely
hold images, scripts and index files. ``.json`` and ``.xml`` files are picked only when
their first bytes show a feed, so a directory's ``metadata.json`` is not an error.
A file named explicitly is always read, whatever its name.

Only regular files, directories, ``-`` and URLs are inputs: a FIFO, a device or a socket
(named, matched or met in a directory) is refused without being opened, because opening
or reading one can wait forever (a FIFO with no writer, a terminal) or never end
(``/dev/zero``). A directory in which no file of a supported kind is found is refused
too, naming the kinds it looked for: exiting 0 having read nothing hides a wrong path.
"""

from __future__ import annotations

import glob
import logging
import os
import stat
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

InputKind = Literal["stdin", "url", "text", "html", "jsonl", "feed", "archive", "missing",
                    "special", "no_articles"]

_SUFFIX_KINDS: tuple[tuple[str, InputKind], ...] = (
    (".html.gz", "html"), (".htm.gz", "html"), (".html", "html"), (".htm", "html"),
    (".txt", "text"),
    (".jsonl", "jsonl"), (".jsonl.gz", "jsonl"),
    (".rss", "feed"), (".atom", "feed"), (".json", "feed"), (".xml", "feed"),
    (".warc", "archive"), (".warc.gz", "archive"), (".arc", "archive"), (".arc.gz", "archive"),
)
_SNIFFED_SUFFIXES = (".json", ".xml")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class InputPath:
    name: str
    kind: InputKind
    reason: str | None = None  # why a "special" or "no_articles" path is refused


SUPPORTED_SUFFIXES = ", ".join(suffix for suffix, _ in _SUFFIX_KINDS)


def special_file(path: str) -> str | None:
    """What ``path`` is when it exists but is neither a regular file nor a directory
    ("a FIFO (named pipe)", "a character device", ...); None otherwise (missing too).
    Symbolic links are followed: a link to a regular file is a regular file."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, what in ((stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def special_reason(what: str) -> str:
    return (f"is {what}, not a regular file; it is not read (reading it could wait or run "
            "forever). Pass a file, a directory, or - for standard input")


def _file(path: str) -> InputPath:
    what = special_file(path)
    if what is not None:
        return InputPath(path, "special", special_reason(what))
    return InputPath(path, kind_of(path) or sniff_kind(path))


def kind_of(path: str) -> InputKind | None:
    """The kind of input ``path`` is by its name; None for an unknown suffix."""
    lower = path.lower()
    for suffix, kind in _SUFFIX_KINDS:
        if lower.endswith(suffix):
            return kind
    return None


def expand(paths: Sequence[str]) -> Iterator[InputPath]:
    """Every input the arguments name, in order, each once (see the module docstring)."""
    seen: set[str] = set()
    for argument in paths:
        for item in _expand_one(argument):
            identity = item.name if item.kind in ("stdin", "url", "missing") else (
                os.path.normpath(item.name))
            if identity not in seen:
                seen.add(identity)
                yield item


def _expand_one(argument: str) -> Iterator[InputPath]:
    if argument == "-":
        yield InputPath("-", "stdin")
    elif argument.lower().startswith(("http://", "https://")):
        yield InputPath(argument, "url")
    elif os.path.isdir(argument):
        yield from _walk(argument)
    elif os.path.lexists(argument) or not _GLOB_CHARS & set(argument):
        yield _file(argument)
    else:
        matches = sorted(glob.glob(argument, recursive=True))
        if not matches:
            yield InputPath(argument, "missing")
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match)
            else:
                yield _file(match)


SIDECAR_NAMES = frozenset({"metadata.jsonl"})


def _has_article_files(files: Sequence[str]) -> bool:
    return any(kind_of(name) in ("text", "html") for name in files)


def _walk(directory: str) -> Iterator[InputPath]:
    found = False
    for item in _walk_files(directory):
        found = True
        yield item
    if not found:
        yield InputPath(directory, "no_articles", (
            f"no supported file in this directory or below it (looked for {SUPPORTED_SUFFIXES}"
            "; .json and .xml only when they are feeds; hidden files are skipped); pass "
            "the articles' folder or files"))


def _walk_files(directory: str) -> Iterator[InputPath]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for filename in sorted(files):
            path = os.path.join(root, filename)
            kind = kind_of(filename)
            if filename.startswith(".") or kind is None:
                log.debug("skipping %s: not an article format", path)
                continue
            if filename.lower() in SIDECAR_NAMES and _has_article_files(files):
                # Why: a corpus folder's metadata.jsonl describes the .txt files beside it
                # (the ledger reads it for titles, dates and URLs); it is not an article dump.
                log.debug("skipping %s: metadata sidecar", path)
                continue
            what = special_file(path)
            if what is not None:
                yield InputPath(path, "special", special_reason(what))
                continue
            if filename.lower().endswith(_SNIFFED_SUFFIXES) and not looks_like_feed_file(path):
                log.debug("skipping %s: not a feed", path)
                continue
            yield InputPath(path, kind)


def sniff_kind(path: str) -> InputKind:
    """The kind of an explicitly named file with an unknown suffix, from its first bytes:
    a (gzipped) WARC/ARC archive, a feed, else text (the text reader recognises HTML)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return "text"  # the text reader reports the real error
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head)
        except zlib.error:
            return "text"
    if head.startswith((b"WARC/", b"filedesc://")):
        return "archive"
    return "feed" if looks_like_feed(head) else "text"


def looks_like_feed_file(path: str) -> bool:
    """True when the first 4 KB show an RSS/Atom/RDF root or a JSON Feed version."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return True  # let the reader report the real error
    return looks_like_feed(head)


def looks_like_feed(head: bytes) -> bool:
    sample = head[:4096].lower()
    return (b"jsonfeed.org/version" in sample.replace(b"\\/", b"/")
            or any(tag in sample for tag in (b"<rss", b"<feed", b"<rdf:rdf")))
