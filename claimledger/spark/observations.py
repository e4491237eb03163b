"""Linking observations from the Parquet tables of ``spark analyze``.

The Parquet twin of ``claimledger.ledger.links.observations`` (which reads them from a
SQL ledger): each claim joined with its article (outlet, time), its holder source and
its quantities, in the order of ``quantity_ids``. Kept field for field the same so that
``spark link`` and ``claimledger link`` see identical observations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from claimledger.ledger.links import CITED_KINDS
from claimledger.linking.observation import Observation, QuantityValue

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
    values = {str(q["id"]): QuantityValue(value=q["value"], low=q["low"], high=q["high"],
                                          unit=q["unit"], kind=q["kind"] or "")
              for q in quantities}
    out: list[tuple[int, Observation]] = []
    for claim in claims:
        ids = json.loads(claim["quantity_ids"] or "[]")
        holder = holders.get(str(claim["holder"])) if claim["holder"] is not None else None
        name = None if holder is None else holder["name"]
        kind = None if holder is None else holder["kind"]
        out.append((int(claim["n"]), Observation(
            id=claim["uid"], article_id=claim["article_id"], outlet=article["outlet"],
            published=article["time"], text=claim["text"], holder_name=name,
            holder_kind=kind, cited=name if kind in CITED_KINDS else None,
            quantities=tuple(values[str(i)] for i in ids if str(i) in values))))
    return out
