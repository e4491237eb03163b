"""The ledger: analysed articles stored in SQLite or PostgreSQL, linked across outlets.

    from claimledger.ledger import open_store, ingest, link_ledger
    with open_store("ledger.db") as store:          # or "postgresql://..."
        report = ingest(["articles/"], store, jobs=2)
        link_ledger(store)

Tables and resume behaviour: ``docs/ledger.md``.
"""

from __future__ import annotations

from claimledger.ledger.export import export
from claimledger.ledger.ingest import IngestReport, ingest
from claimledger.ledger.links import LinkSummary, link_ledger, observations
from claimledger.ledger.query import ClusterSummary, Trace, list_claims, trace
from claimledger.ledger.sources import SourceGroup, list_sources
from claimledger.ledger.store import DEFAULT_URL, Store, open_store

__all__ = [
    "DEFAULT_URL",
    "ClusterSummary",
    "IngestReport",
    "LinkSummary",
    "SourceGroup",
    "Store",
    "Trace",
    "export",
    "ingest",
    "link_ledger",
    "list_claims",
    "list_sources",
    "observations",
    "open_store",
    "trace",
]
