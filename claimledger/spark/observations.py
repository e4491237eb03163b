"""Linking observations from the Parquet tables of ``spark analyze``.

The Parquet twin of ``claimledger.ledger.links.observations`` (which reads them from a
SQL ledger): each claim joined with its article (outlet, time), its holder source and
its quantities, in the order of ``quantity_ids``. Both build each observation with
``claimledger.ledger.links.observation_of``, so ``spark link`` and ``claimledger link``
see identical observations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from claimledger.ledger.links import observation_of, quantity_value
from claimledger.linking.observation import Observation

Row = Mapping[str, Any]


def article_observations(articles: Iterable[Row], claims: Iterable[Row],
                         sources: Iterable[Row], quantities: Iterable[Row]
                         ) -> list[tuple[int, Observation]]:
    """``(n, Observation)`` for each claim of one article (none when the article is
    missing, as the ledger's inner join would give)."""
    article = next(iter(articles), None)
    if article is None:
        return []
    holders = {str(s["id"]): s for s in sources}
    values = {str(q["id"]): quantity_value(q) for q in quantities}
    out: list[tuple[int, Observation]] = []
    for claim in claims:
        holder = holders.get(str(claim["holder"])) if claim["holder"] is not None else None
        out.append((int(claim["n"]), observation_of(
            claim, outlet=article["outlet"], published=article["published"],
            holder_name=None if holder is None else holder["name"],
            holder_kind=None if holder is None else holder["kind"], quantities=values)))
    return out
