"""Pair decisions through the real ledger: ``ingest`` two one-sentence articles per pair
into a temporary SQLite ledger, ``link`` it, and read whether the two land in one cluster.

This is what a user sees, not what a pair function returns: sentence segmentation and
claim extraction run first (a sentence that yields no claim cannot be linked), then the
out-of-core linker with its blocking, verifier, clusters and event split. Each pair gets
two outlets of its own and one article date, so pairs never share outlets and the
"another day" rule stays out of the way; a pair is "same" when some claim of article a
and some claim of article b share a canonical id.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

PairText = tuple[str, str]


def sample(items: Sequence[PairText], size: int | None, seed: int) -> list[int]:
    """Indices of a seeded random subsample (all, in order, when ``size`` is None or
    not smaller than the items)."""
    if size is None or size >= len(items):
        return list(range(len(items)))
    return sorted(random.Random(seed).sample(range(len(items)), size))


def ledger_same(pairs: Sequence[PairText], *, date: str = "2026-03-02",
                workdir: Path | None = None) -> npt.NDArray[np.bool_]:
    """For each pair, whether the ledger links a claim of its sentence a to one of b."""
    from claimledger.ledger.ingest import ingest
    from claimledger.ledger.links import link_ledger
    from claimledger.ledger.store import open_store, sql_access

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        source = Path(tmp) / "pairs.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for k, (a, b) in enumerate(pairs):
                for side, text in (("a", a), ("b", b)):
                    handle.write(json.dumps({
                        "text": text, "outlet": f"{side}{k}.example",
                        "url": f"https://{side}{k}.example/{k}", "published": date}) + "\n")
        store = open_store(str(Path(tmp) / "ledger.db"))
        try:
            ingest([str(source)], store, progress=False)
            link_ledger(store)
            rows = sql_access(store).query(
                "SELECT a.outlet AS outlet, c.canonical_id AS canonical FROM claims c "
                "JOIN articles a ON a.id = c.article_id")
        finally:
            store.close()
    clusters: dict[str, set[str]] = {}
    for row in rows:
        if row["canonical"]:
            clusters.setdefault(str(row["outlet"]), set()).add(str(row["canonical"]))
    return np.asarray([bool(clusters.get(f"a{k}.example", set())
                            & clusters.get(f"b{k}.example", set()))
                       for k in range(len(pairs))], dtype=bool)
