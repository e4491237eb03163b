"""RSS, Atom and JSON Feed files: one ``Document`` per entry that carries an article.

An entry's text is the longest of its content fields (``content:encoded``/Atom
``content``/``content_html``/``content_text``) and its summary, flattened from HTML. It
becomes a document only with at least ``MIN_CONTENT_WORDS`` words. Why eight: the
analysis needs at least one full sentence (someone says something about something);
feed placeholders ("Some text.") and two-word teasers are not reporting. With a fetcher
(``fetch=True``), shorter entries are replaced by their linked page; without one they
are failures that say to fetch. Outlet: the feed's title, else the entry link's host.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from xml.sax import SAXException

import feedparser

from claimledger.errors import InputError
from claimledger.inputs.fetch import Fetcher
from claimledger.inputs.html import document_from_html_bytes, fragment_text, host_of
from claimledger.inputs.records import InputItem
from claimledger.inputs.text import check_chars, read_file_bytes
from claimledger.model import Document

MIN_CONTENT_WORDS = 8


@dataclass(frozen=True, slots=True)
class FeedEntry:
    link: str | None
    title: str | None
    published: str | None
    authors: tuple[str, ...]
    texts: tuple[str, ...]  # candidate bodies (HTML or plain), content first


def iter_feed(path: str, fetcher: Fetcher | None = None) -> Iterator[InputItem]:
    """One item per entry of the feed file ``path``, keyed ``path#entry N`` (1-based)."""
    try:
        data = read_file_bytes(path)
    except InputError as error:
        yield InputItem.from_error(path, error)
        return
    yield from iter_feed_bytes(data, path, fetcher)


def iter_feed_bytes(data: bytes, name: str, fetcher: Fetcher | None = None
                    ) -> Iterator[InputItem]:
    """The entries of a feed given as bytes (a file's or a fetched URL's)."""
    try:
        outlet, entries = _parse(data, name)
    except InputError as error:
        yield InputItem.from_error(name, error)
        return
    broken: list[str | None] = []  # found out at the first entry that is too short
    for number, entry in enumerate(entries, start=1):
        record = f"entry {number}"
        key = f"{name}#{record}"
        try:
            yield InputItem.ok(key, _document(entry, name, outlet, fetcher))
        except InputError as error:
            if "words of content" in error.reason:
                # Why: feedparser's lenient parser drops what follows a break in the XML,
                # so "only 0 words" would blame an entry whose text the break cut off.
                broken = broken or [_broken_xml(data)]
                if broken[0] is not None:
                    error = InputError(error.name, f"the feed's XML is broken ({broken[0]}), "
                                       f"which can cut entries short; {error.reason}")
            yield InputItem.from_error(key, error, record)


def _broken_xml(data: bytes) -> str | None:
    """Where and how an RSS/Atom feed's XML is not well-formed; None when it is (or for
    a JSON Feed, or for feedparser's notes that are not XML errors, such as an encoding
    declared wrongly)."""
    if data.lstrip()[:1] == b"{":
        return None
    parsed = feedparser.parse(data)
    exc = parsed.get("bozo_exception")
    if not parsed.bozo or not isinstance(exc, SAXException):
        return None
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return f"{message} at line {line}" if line else str(message)


def _document(entry: FeedEntry, name: str, outlet: str | None,
              fetcher: Fetcher | None) -> Document:
    text = max((fragment_text(body) for body in entry.texts), key=len, default="")
    where = entry.link or name
    if len(text.split()) >= MIN_CONTENT_WORDS:
        check_chars(where, text)
        return Document(text=text, path=name, url=entry.link, title=entry.title,
                        outlet=outlet or host_of(entry.link), published=entry.published,
                        authors=entry.authors)
    if fetcher is None or not entry.link:
        advice = ("run with fetch to download the linked article" if entry.link
                  else "the entry has no link to fetch")
        raise InputError(where, f"only {len(text.split())} words of content (at least "
                                f"{MIN_CONTENT_WORDS} needed); {advice}")
    page = fetcher.fetch(entry.link)
    document = document_from_html_bytes(page.body, name=entry.link, url=page.url,
                                        http_charset=page.charset,
                                        fallback_date=entry.published)
    return replace(document, path=name,
                   title=document.title or entry.title,
                   authors=document.authors or entry.authors)


def _parse(data: bytes, name: str) -> tuple[str | None, list[FeedEntry]]:
    if data.lstrip()[:1] == b"{":
        return _parse_json_feed(data, name)
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise InputError(name, f"not a readable RSS/Atom feed ({parsed.bozo_exception}); "
                               "check that the file is a feed")
    feed = parsed.feed
    outlet = _clean(feed.get("title")) or host_of(feed.get("link"))
    return outlet, [_xml_entry(entry) for entry in parsed.entries]


def _xml_entry(entry: Any) -> FeedEntry:
    contents = tuple(c.get("value", "") for c in entry.get("content", []))
    authors = tuple(_clean(a.get("name")) for a in entry.get("authors", []))
    # dict.get, not entry.get: feedparser maps a missing "updated_parsed" to
    # "published_parsed" with a DeprecationWarning (met when broken XML lost both dates).
    parsed_date = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    return FeedEntry(
        link=_web_link(entry),
        title=_clean(entry.get("title")),
        published=time.strftime("%Y-%m-%d", parsed_date) if parsed_date else None,
        authors=tuple(a for a in authors if a),
        texts=(*contents, entry.get("summary", "")),
    )


def _web_link(entry: Any) -> str | None:
    """The entry's http(s) link: ``link``, else any ``links`` href.

    Why: feedparser falls back to the entry id for ``link`` when the only link is
    rel="self" (trafilatura's Atom sample), and an id like ``urn:uuid:...`` cannot be
    fetched.
    """
    candidates = [entry.get("link"), *(link.get("href") for link in entry.get("links", []))]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.lower().startswith(("http://", "https://")):
            return candidate
    return None


def _parse_json_feed(data: bytes, name: str) -> tuple[str | None, list[FeedEntry]]:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        feed = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(name, f"not valid JSON ({exc}); check the feed file") from exc
    if not isinstance(feed, dict) or "jsonfeed.org/version" not in str(feed.get("version")):
        raise InputError(name, "not a JSON Feed (no jsonfeed.org 'version'); pass a feed, "
                               "or use .jsonl for article dumps")
    items = feed.get("items")
    if not isinstance(items, list):
        raise InputError(name, "the JSON Feed has no 'items' list")
    # A JSON Feed's title is often a section ("Technology" for NPR's technology feed), so
    # the outlet is the site the feed belongs to: its home page's host, else the feed's.
    outlet = host_of(_str(feed.get("home_page_url"))) or host_of(_str(feed.get("feed_url"))) \
        or _clean(feed.get("title"))
    return outlet, [_json_entry(item) for item in items if isinstance(item, dict)]


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _json_entry(item: dict[str, Any]) -> FeedEntry:
    people = item.get("authors") or ([item["author"]] if item.get("author") else [])
    authors = tuple(_clean(p.get("name")) for p in people if isinstance(p, dict))
    date = item.get("date_published") or item.get("date_modified")
    texts = (item.get("content_html"), item.get("content_text"), item.get("summary"))
    return FeedEntry(
        link=item.get("url") or item.get("external_url"),
        title=_clean(item.get("title")),
        published=date[:10] if isinstance(date, str) and len(date) >= 10 else None,
        authors=tuple(a for a in authors if a),
        texts=tuple(t for t in texts if isinstance(t, str)),
    )


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
