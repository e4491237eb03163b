"""Pair decisions through the real ledger: ``ingest`` two one-sentence articles per pair
into a temporary SQLite ledger, ``link`` it, and read whether the two land in one cluster.

This is what a user sees, not what a pair function returns: sentence segmentation and
claim extraction run first (a sentence that yields no claim cannot be linked), then the
out-of-core linker with its blocking, verifier, clusters and event split. Each pair gets
two outlets of its own and, by default, one article date for both (MRPC pairs are two
outlets' reports of one story; their real dates are not in the corpus), so pairs never
share outlets; a pair is "same" when some claim of article a and some claim of article b
share a canonical id. Sentences of different pairs may link to each other, as in a real
ledger.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from claimledger.linking.embeddings import Embedder

PairText = tuple[str, str]


def sample(items: Sequence[PairText], size: int | None, seed: int) -> list[int]:
    """Indices of a seeded random subsample (all, in order, when ``size`` is None or
    not smaller than the items)."""
    if size is None or size >= len(items):
        return list(range(len(items)))
    return sorted(random.Random(seed).sample(range(len(items)), size))


def ledger_same(pairs: Sequence[PairText], *, date: str | None = "2026-03-02",
                dates: Sequence[tuple[str | None, str | None]] | None = None,
                workdir: Path | None = None) -> npt.NDArray[np.bool_]:
    """For each pair, whether the ledger links a claim of its sentence a to one of b.

    ``date``: the publication date of both articles of every pair (None: undated);
    ``dates``: per pair, the dates of its articles a and b (overrides ``date``), for
    pairs that are about another day ("the same template a week later")."""
    from claimledger.ledger.ingest import ingest
    from claimledger.ledger.links import link_ledger
    from claimledger.ledger.store import open_store, sql_access

    days = list(dates) if dates is not None else [(date, date)] * len(pairs)
    if len(days) != len(pairs):
        raise ValueError("one (date a, date b) per pair")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        source = Path(tmp) / "pairs.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for k, ((a, b), sides) in enumerate(zip(pairs, days, strict=True)):
                for side, text, day in (("a", a, sides[0]), ("b", b, sides[1])):
                    record = {"text": text, "outlet": f"{side}{k}.example",
                              "url": f"https://{side}{k}.example/{k}"}
                    if day:
                        record["published"] = day
                    handle.write(json.dumps(record) + "\n")
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


# Hand-written pairs (never corpus sentences): paraphrases, same-event numeric
# disagreements (linked, so contradictions can be found), and hard negatives: the same
# template on another day, the same story with another quantity, the same people doing
# something else; plus easy negatives (unrelated claims).
HARD_PAIRS = Path(__file__).resolve().parents[2] / "quality" / "linking-hard-pairs.jsonl"
DEFAULT_DATE = "2026-03-02"


@dataclass(frozen=True, slots=True)
class HardPair:
    a: str
    b: str
    same: bool
    kind: str
    date_a: str
    date_b: str


def load_hard_pairs(path: Path = HARD_PAIRS) -> list[HardPair]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [HardPair(r["a"], r["b"], bool(r["same"]), str(r["kind"]),
                     r.get("date_a", DEFAULT_DATE), r.get("date_b", DEFAULT_DATE))
            for r in rows]


def hard_report(pairs: Sequence[HardPair], embedder: Embedder) -> dict[str, Any]:
    """The pair decision (texts only: it cannot see dates) and the ledger (dates
    included) on the hand-written pairs, overall, without the hard negatives ("short
    claim-vs-claim pairs with easy negatives") and per kind (share decided right)."""
    from claimledger.linking.observation import load_thresholds
    from claimledger.linking.pair_eval import Scores, linking_predictions
    rows = [{"a": p.a, "b": p.b} for p in pairs]
    gold = np.asarray([p.same for p in pairs], dtype=bool)
    decided = linking_predictions(rows, _cosines(rows, embedder), load_thresholds())
    through = ledger_same([(p.a, p.b) for p in pairs],
                          dates=[(p.date_a, p.date_b) for p in pairs])
    easy = np.asarray([p.kind in EASY_KINDS for p in pairs], dtype=bool)
    kinds = sorted({p.kind for p in pairs})
    return {
        "pairs": len(pairs),
        "pair_decision": Scores.of(decided, gold).to_dict(),
        "ledger": Scores.of(through, gold).to_dict(),
        "ledger_easy": {"pairs": int(easy.sum()), **Scores.of(through[easy], gold[easy])
                        .to_dict()},
        "ledger_right_by_kind": {
            kind: round(float(np.mean([t == p.same for t, p in zip(through, pairs,
                                                                    strict=True)
                                       if p.kind == kind])), 4) for kind in kinds},
    }


EASY_KINDS = frozenset({"paraphrase", "contradiction", "easy_negative"})


def mrpc_report(pairs: Sequence[dict[str, Any]], embedder: Embedder, *,
                size: int | None, seed: int, dated: bool = True) -> dict[str, Any]:
    """Held-out MRPC pairs (ids divisible by 3, never fitted on): the linking pair
    decision on all of them and, on a seeded sample of ``size`` (0: skip), the same
    decision and the ledger's: ``ledger`` with undated articles (MRPC does not say when
    its sentences were published), ``ledger_dated`` (when ``dated``) with one invented
    date for both articles of every pair, which also runs the event split: there
    "today" and "on Tuesday" of two reports written on different days become two
    different days of one article date, and the pair is split."""
    from claimledger.linking.observation import load_thresholds
    from claimledger.linking.pair_eval import Scores, held_out, linking_predictions
    test = [p for p in pairs if held_out(p)]
    gold = np.asarray([bool(p["same"]) for p in test], dtype=bool)
    decided = linking_predictions(test, _cosines(test, embedder), load_thresholds())
    report: dict[str, Any] = {"held_out_pairs": len(test),
                              "pair_decision": Scores.of(decided, gold).to_dict()}
    if size != 0:
        chosen = sample([(p["a"], p["b"]) for p in test], size, seed)
        texts = [(test[i]["a"], test[i]["b"]) for i in chosen]
        report["sample"] = {"pairs": len(chosen), "seed": seed,
                            "pair_decision": Scores.of(decided[chosen], gold[chosen])
                            .to_dict()}
        report["ledger"] = Scores.of(ledger_same(texts, date=None), gold[chosen]).to_dict()
        if dated:
            report["ledger_dated"] = {"date": DEFAULT_DATE, **Scores.of(
                ledger_same(texts, date=DEFAULT_DATE), gold[chosen]).to_dict()}
    return report


def _cosines(rows: Sequence[dict[str, Any]], embedder: Embedder) -> npt.NDArray[np.float32]:
    from claimledger.linking.pair_eval import cosines_of

    return cosines_of(rows, embedder)
