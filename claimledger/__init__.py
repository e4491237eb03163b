"""claimledger: who claims what in the news, and how it is sourced.

    >>> import claimledger
    >>> result = claimledger.analyze("“We won,” she said.")
    >>> result.to_dict()["attributions"][0]["kind"]
    'direct'
"""

from __future__ import annotations

import logging

from claimledger.analysis import analyze, analyze_document, analyze_documents
from claimledger.errors import ClaimledgerError, InputError, ModelError, StoreError
from claimledger.model import SCHEMA_ID, Analysis, Attribution, Document, Source, Span
from claimledger.nlp import COMPONENT, DEFAULT_MODEL, load_model

__version__ = "0.1.0"

__all__ = [
    "COMPONENT",
    "DEFAULT_MODEL",
    "SCHEMA_ID",
    "Analysis",
    "Attribution",
    "ClaimledgerError",
    "Document",
    "InputError",
    "ModelError",
    "Source",
    "Span",
    "StoreError",
    "__version__",
    "analyze",
    "analyze_document",
    "analyze_documents",
    "load_model",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
