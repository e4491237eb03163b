"""``analyze``: one article in, one ``Analysis`` out. Every shell calls this."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.errors import EmptyInput, InputTooLarge
from claimledger.language import detect_language, is_analysed, notes_for
from claimledger.model import Analysis, Document
from claimledger.nlp import COMPONENT, MAX_CHARS, attributions_component, load_model
from claimledger.pieces import PIECE_CHARS, parse_in_pieces


def analyze(
    text_or_html: str,
    *,
    url: str | None = None,
    path: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    authors: Iterable[str] = (),
    model: str | None = None,
) -> Analysis:
    """Analyse one article given as plain text or as an HTML page.

    HTML is recognised by its markup and run through article extraction (title, date,
    authors, outlet and URL are taken from the page unless given here). Plain text is
    analysed unchanged, so offsets index it directly.

    Raises ``TypeError`` for anything but ``str`` (bytes are not decoded here: decode
    them, or read the file with ``claimledger.inputs.read_document``), and the
    ``InputError`` subclasses of ``claimledger.errors`` for text that cannot be analysed.
    """
    from claimledger.inputs.html import document_from_html, looks_like_html
    from claimledger.inputs.text import check_text

    if not isinstance(text_or_html, str):
        raise TypeError(_not_text(text_or_html))
    name = path or url or "<text>"
    check_text(name, text_or_html)  # before a Document hashes it (lone surrogates)
    if looks_like_html(text_or_html):
        document = document_from_html(text_or_html, name=name, url=url, path=path)
        document = _override(document, title=title, outlet=outlet, published=published,
                             authors=tuple(authors))
    else:
        document = Document(text=text_or_html, path=path, url=url, title=title,
                            outlet=outlet, published=published, authors=tuple(authors))
    return analyze_document(document, model=model)


def _not_text(value: object) -> str:
    what = type(value).__name__
    hint = ("decode the bytes first (data.decode('utf-8')) or read the file with "
            "claimledger.inputs.read_document, which detects its encoding"
            if isinstance(value, bytes | bytearray | memoryview) else
            "pass the article's text or HTML page as a string")
    return f"analyze() takes the article as a str (plain text or HTML), not {what}; {hint}"


def _override(document: Document, **given: object) -> Document:
    changes = {key: value for key, value in given.items() if value}
    return replace(document, **changes) if changes else document  # type: ignore[arg-type]


def check_size(document: Document) -> None:
    """Refuse what cannot be analysed, with a message that names the input: no text,
    text that is not text (``inputs.text.check_text``), or too much of it."""
    from claimledger.inputs.text import check_text

    if not isinstance(document, Document):
        raise TypeError(f"expected a claimledger.Document, not {type(document).__name__}; "
                        "use claimledger.analyze for a str")
    name = document.path or document.url or "<text>"
    if not document.text.strip():
        raise EmptyInput(name, "no text to analyse")
    check_text(name, document.text)
    if len(document.text) > MAX_CHARS:
        raise InputTooLarge(
            name,
            f"{len(document.text):,} characters is over the {MAX_CHARS:,}-character limit "
            "for one article; split it into articles first",
        )


def analyze_document(document: Document, *, model: str | None = None) -> Analysis:
    """Analyse a ``Document`` whose text is already extracted.

    Its language is detected first; a language not analysed yet gives an analysis with
    a note and no attributions or claims. A long text is parsed in bounded pieces
    (``claimledger.pieces``) so memory does not grow with the article.
    """
    check_size(document)
    document = with_language(document)
    if not is_analysed(document.language):
        return unanalysed(document)
    nlp = load_model(model)
    if len(document.text) <= PIECE_CHARS:
        return analysis_from_doc(document, nlp(document.text))
    return analysis_from_doc(document, parse_long(nlp, document.text))


def parse_long(nlp: Language, text: str, limit: int = PIECE_CHARS) -> Doc:
    """``text`` parsed in pieces of at most ``limit`` characters, then our component run
    once on the joined doc (so the attribution layer sees the whole article)."""
    doc = parse_in_pieces(nlp, text, limit, disable=(COMPONENT,))
    attributions_component(doc)
    return doc


def with_language(document: Document) -> Document:
    """``document`` with its detected language (see ``claimledger.language``)."""
    language = detect_language(document.text).language
    return document if language == document.language else replace(document,
                                                                   language=language)


def unanalysed(document: Document) -> Analysis:
    """The analysis of a document whose language is not analysed: the document and a
    note saying why, nothing else (not an error: nothing failed)."""
    return Analysis(document=document, notes=notes_for(document.language))


def analyze_documents(
    documents: Iterable[Document], *, model: str | None = None, batch_size: int = 16
) -> Iterator[Analysis]:
    """Analyse many documents with ``nlp.pipe`` (faster than one call each).

    Documents that fail ``check_size`` raise when reached; callers that must not stop
    check them first. Documents in a language not analysed, and long ones (parsed in
    pieces), skip the batch; the order of the results is the order of the documents.
    """
    nlp = load_model(model)
    docs_in = []
    for document in documents:
        check_size(document)
        docs_in.append(with_language(document))
    batched = [d for d in docs_in if is_analysed(d.language) and len(d.text) <= PIECE_CHARS]
    parsed = iter(nlp.pipe((d.text for d in batched), batch_size=batch_size))
    for document in docs_in:
        if not is_analysed(document.language):
            yield unanalysed(document)
        elif len(document.text) > PIECE_CHARS:
            yield analysis_from_doc(document, parse_long(nlp, document.text))
        else:
            yield analysis_from_doc(document, next(parsed))


def analysis_from_doc(document: Document, doc: Doc) -> Analysis:
    """Assemble the ``Analysis`` from a parsed doc that ran our component."""
    from claimledger.claims import build_layers

    attributions = tuple(doc._.attributions)
    sources = tuple(doc._.sources)
    layers = build_layers(doc, attributions, sources)
    return Analysis(
        document=document,
        attributions=attributions,
        sources=sources,
        claims=layers.claims,
        quantities=layers.quantities,
        entities=layers.entities,
        flags=layers.flags,
        profile=layers.profile,
    )
