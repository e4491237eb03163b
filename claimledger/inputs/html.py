"""HTML pages to ``Document``: decoding, article extraction (trafilatura) and metadata."""

from __future__ import annotations

import codecs
import re
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from claimledger.errors import EmptyInput
from claimledger.inputs.text import check_chars, check_text, decode_bytes
from claimledger.model import Document

# Tags that only an HTML page starts with; plain-text articles may mention "<b>" but
# hardly begin with a doctype or an <html>/<head>/<body> element.
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|div|article|p)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_INSIDE = re.compile(r"<(?:html|body|head)\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Block-level elements whose end is a paragraph break in feed fragments.
_BLOCKS = frozenset({"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
                     "pre", "tr", "section", "article", "figcaption", "dd", "dt"})


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page (starts with markup, or has <html>/<body> early)."""
    head = text[:4096].lstrip("\ufeff")
    return bool(_HTML_START.match(head) or _HTML_INSIDE.search(head[:1024]))


def decode_html(data: bytes, name: str, *, http_charset: str | None = None) -> tuple[str, str]:
    """The text of an HTML page: the declared charset (HTTP header, then <meta>) if it reads
    the bytes cleanly, else the plain-text detection of ``decode_bytes``."""
    for declared in (http_charset, _meta_charset(data)):
        if not declared:
            continue
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            continue
        # Why: pages declaring iso-8859-1 are Windows-1252 in practice (WHATWG rule).
        if encoding in ("latin-1", "iso8859-1", "ascii"):
            encoding = "cp1252"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue  # a wrong declaration is common; detection below decides
        return text.removeprefix("\ufeff"), encoding
    return decode_bytes(data, name)


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# Fewer words than this extracted from a page means it holds no article (a sentence with
# a subject, a verb and an object is about this long).
MIN_ARTICLE_WORDS = 8


def document_from_html(
    html: str,
    *,
    name: str,
    url: str | None = None,
    path: str | None = None,
    encoding: str | None = None,
    fallback_date: str | None = None,
) -> Document:
    """Extract the article of one HTML page with trafilatura, favouring precision.

    Title, date (ISO ``yyyy-mm-dd``), authors and site name come from the page's
    metadata. The outlet is the site name, else the URL's host without ``www.``; the URL
    is the page's canonical/og URL, else ``url``. ``fallback_date`` (e.g. a WARC capture
    date) is used only when the page shows no date. Paragraphs are joined by a blank line.
    The page is checked as text first (``check_text``): binary data or lone surrogates
    are refused the same way whichever entry point gave the page.
    """
    check_text(name, html)
    result = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        with_metadata=True,
        include_comments=False,
        # Why: tables in news pages are mostly sidebars, scores and stock tickers, and
        # their cells flatten into run-on pseudo-sentences that confuse the parser.
        include_tables=False,
        as_dict=False,
    )
    text = _paragraphs(getattr(result, "text", None) or "") if result is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        # Why: on index and navigation pages trafilatura returns a stray link label
        # ("Home"); a few words are no article, and analysing them only adds noise.
        raise EmptyInput(name, "no article text found in the HTML page; pass the article "
                               "page itself or its text")
    check_chars(name, text)
    page_url = getattr(result, "url", None) or url
    sitename = getattr(result, "sitename", None)
    return Document(
        text=text,
        path=path,
        url=page_url,
        title=_clean(getattr(result, "title", None)),
        outlet=_clean(sitename) or host_of(page_url),
        published=_iso_date(getattr(result, "date", None)) or _iso_date(fallback_date),
        authors=split_authors(getattr(result, "author", None)),
        encoding=encoding,
    )


def document_from_html_bytes(
    data: bytes,
    *,
    name: str,
    url: str | None = None,
    path: str | None = None,
    http_charset: str | None = None,
    fallback_date: str | None = None,
) -> Document:
    """Decode then extract one page (``decode_html`` then ``document_from_html``)."""
    html, encoding = decode_html(data, name, http_charset=http_charset)
    if not html.strip():
        raise EmptyInput(name, "the HTML page is empty")
    return document_from_html(html, name=name, url=url, path=path, encoding=encoding,
                              fallback_date=fallback_date)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (feed entry content): blocks become paragraphs.

    trafilatura is built for whole pages and drops short fragments, so feed content is
    flattened here: text of block elements joined by blank lines, whitespace collapsed.
    """
    if "<" not in html:
        return _paragraphs(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, etree.ParserError):
        return _paragraphs(html)
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    pieces: list[str] = []
    _walk(root, pieces)
    return _paragraphs("".join(pieces))


def _walk(element: lxml.html.HtmlElement, pieces: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        pieces.append("\n")
    if element.text and tag != "br":
        pieces.append(element.text)
    for child in element:
        _walk(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if tag in _BLOCKS:
        pieces.append("\n")


def _paragraphs(text: str) -> str:
    """One paragraph per non-blank line, inner whitespace collapsed, joined by "\\n\\n"."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def _iso_date(value: str | None) -> str | None:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
    return match.group(1) if match else None


def split_authors(value: str | None) -> tuple[str, ...]:
    """trafilatura joins authors with "; "; split them back, dropping duplicates."""
    if not value:
        return ()
    names = (" ".join(part.split()) for part in value.split(";"))
    return tuple(dict.fromkeys(name for name in names if name))


def host_of(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.`` (the outlet when no site name)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
