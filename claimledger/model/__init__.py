"""Every frozen record of one article's analysis, by layer.

    model.document     Document, Span           the text and what indexes it
    model.attribution  Attribution, Source      who the content comes from
    model.claims       Claim, Hedge, Support,   claims, their hedges and support,
                       Flag, Notable, Profile   loaded language, the sourcing profile
    model.quantities   Quantity                 numbers the text states
    model.entities     Entity                   named referents, mentions merged
    model.analysis     Analysis                 all of the above for one article

Records are immutable; the layers that build them live elsewhere (``attribution``,
``claims``) and the shells read them. ``Analysis.to_dict`` is the JSON contract
``claimledger.analysis/1``; the ledger turns records into rows in ``ledger.rows``.
"""

from claimledger.model.analysis import SCHEMA_ID, Analysis
from claimledger.model.attribution import (
    SOURCE_KINDS,
    Attribution,
    AttributionKind,
    Source,
    SourceKind,
)
from claimledger.model.claims import (
    OUTLET,
    UNRESOLVED,
    Claim,
    Flag,
    Hedge,
    Notable,
    Profile,
    Support,
)
from claimledger.model.document import Document, Span, text_id
from claimledger.model.entities import Entity
from claimledger.model.quantities import QUANTITY_KINDS, Quantity

__all__ = [
    "OUTLET",
    "QUANTITY_KINDS",
    "SCHEMA_ID",
    "SOURCE_KINDS",
    "UNRESOLVED",
    "Analysis",
    "Attribution",
    "AttributionKind",
    "Claim",
    "Document",
    "Entity",
    "Flag",
    "Hedge",
    "Notable",
    "Profile",
    "Quantity",
    "Source",
    "SourceKind",
    "Span",
    "Support",
    "text_id",
]
