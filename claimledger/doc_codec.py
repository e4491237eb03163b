"""Docs that ran our spaCy component stay serialisable (``Doc.to_bytes``, ``DocBin``,
``nlp.pipe(..., n_process=2)``).

spaCy writes ``doc.user_data`` with msgpack, and that holds what our component leaves
on a doc: the ``doc._.attributions`` / ``doc._.sources`` records and two per-article
caches (the claims layer's view of the parse, the entity pass). msgpack knows none of
them, so without this module a user who adds ``claimledger_attributions`` to a pipeline
could not save a doc or run the pipeline in several processes.

The records travel as tagged field lists and come back as the same frozen dataclasses;
the caches are dropped (written as nil): each is rebuilt on first use from the parse,
which the doc carries anyway. Registered with srsly's msgpack encoder and decoder
registries, which spaCy's serialisation uses, when ``claimledger.nlp`` is imported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import srsly

from claimledger.model import Attribution, Source, Span

_TAG = "__claimledger__"
_RECORDS: dict[str, type[Any]] = {cls.__name__: cls for cls in (Span, Attribution, Source)}
_Chain = Callable[[Any], Any] | None


def encode(obj: Any, chain: _Chain = None) -> Any:
    """msgpack's fallback for an object it cannot write (srsly's encoder protocol)."""
    name = type(obj).__name__
    if _RECORDS.get(name) is type(obj):
        # nested spans and tuples are written by msgpack itself (spans through here again)
        return {_TAG: name, "fields": [getattr(obj, f.name) for f in dataclasses.fields(obj)]}
    if _is_cache(obj):
        return None
    return obj if chain is None else chain(obj)


def decode(obj: Any, chain: _Chain = None) -> Any:
    """msgpack's hook for every map it reads: our tagged records become records again."""
    if isinstance(obj, dict) and _TAG in obj:
        cls = _RECORDS[obj[_TAG]]
        # every sequence field of these records is a tuple; msgpack reads arrays as lists
        return cls(*(tuple(v) if isinstance(v, list) else v for v in obj["fields"]))
    return obj if chain is None else chain(obj)


def _is_cache(obj: Any) -> bool:
    # Imported here: both modules import the attribution layer, which imports the model
    # loader that registers this codec.
    from claimledger.claims.docview import DocView
    from claimledger.resolution.entity_pass import is_cache

    return isinstance(obj, DocView) or is_cache(obj)


def register() -> None:
    """Add the codec to srsly's registries (idempotent)."""
    srsly.msgpack_encoders.register("claimledger", func=encode)
    srsly.msgpack_decoders.register("claimledger", func=decode)
