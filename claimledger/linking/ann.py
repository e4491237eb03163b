"""Candidate pairs without comparing all pairs: blocking plus bounded buckets.

Three kinds of block put claims that may say the same thing side by side:

- MinHash bands (``minhash.band_keys``): near-identical wording;
- SimHash tables: ``simhash_tables`` x ``simhash_bits`` random hyperplanes over the
  embeddings; two vectors at cosine c share one bit with probability 1 - acos(c)/pi;
- rare tokens: each claim joins the blocks of its ``rare_tokens`` rarest content words
  (names, numbers, unusual nouns) among the claims being linked. Why: paraphrases across
  outlets reword the verbs but keep the names, and a name is rarer than any verb.

Inside a block of at most ``block_cap`` claims every pair is a candidate; a larger block
(a common token, a wire sentence in 40 outlets) is ordered by a 16-bit SimHash code, so
near vectors sit side by side, and each claim is paired with its next ``window``
neighbours (the sorted-neighbourhood method). So each claim meets at most
``(bands + tables + rare_tokens) * block_cap`` others: the cost is linear in the number
of claims, never quadratic, and it is computed with array operations, not a loop per
block. Union-find only needs the chain of neighbours to connect a large block.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
SPLIT_BITS = 16
SEED = 1119
# Rows per matrix product of SimHash codes. ``external`` reads vectors in batches of this
# size aligned the same way, so every product (and its floating-point rounding) is
# identical to the in-memory run's.
SIMHASH_ROWS = 2048


@cache
def _hyperplanes(dimensions: int, count: int, seed: int) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((dimensions, count)).astype(np.float32)


def simhash_keys(vectors: npt.NDArray[np.float32], *, tables: int, bits: int) -> IntArray:
    """``n x tables`` bucket keys: the sign pattern of ``bits`` hyperplanes per table."""
    planes = _hyperplanes(vectors.shape[1], tables * bits, SEED)
    keys = np.zeros((len(vectors), tables), dtype=np.int64)
    weights = (1 << np.arange(bits, dtype=np.int64))[None, :]
    for start in range(0, len(vectors), SIMHASH_ROWS):
        signs = (vectors[start:start + SIMHASH_ROWS] @ planes) > 0
        per_table = signs.reshape(len(signs), tables, bits).astype(np.int64)
        keys[start:start + SIMHASH_ROWS] = (per_table * weights[:, None, :]).sum(axis=2)
    keys += (np.arange(tables, dtype=np.int64) << bits)[None, :]
    return keys


def rarest_tokens(tokens: set[str], frequency: Counter[str], per_text: int) -> list[str]:
    """The ``per_text`` rarest of a text's content words that ``frequency`` (texts per
    word) has seen in at least two texts; ties by the word, so the choice is stable."""
    return [t for _, t in sorted((frequency[t], t) for t in tokens
                                 if frequency[t] >= 2)[:per_text]]


def split_codes(vectors: npt.NDArray[np.float32]) -> IntArray:
    """A ``SPLIT_BITS``-bit SimHash code per vector: the order inside oversized blocks."""
    planes = _hyperplanes(vectors.shape[1], SPLIT_BITS, SEED + 1)
    weights = 1 << np.arange(SPLIT_BITS, dtype=np.int64)
    out = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), SIMHASH_ROWS):
        signs = (vectors[start:start + SIMHASH_ROWS] @ planes) > 0
        out[start:start + SIMHASH_ROWS] = signs.astype(np.int64) @ weights
    return out


def block_pair_codes(keys: IntArray, items: IntArray, codes: IntArray, total: int, cap: int,
                     window: int) -> IntArray:
    """Pair codes ``i * total + j`` (``i < j``, not deduplicated) of one set of block
    memberships, fully vectorised; ``codes[k]`` is the SimHash split code of ``items[k]``.

    Memberships are sorted by (block, SimHash code, item); element k pairs with k + d
    for d = 1..cap-1 when both are in one block and the block has at most ``cap``
    members (all pairs), or d <= ``window`` in a larger block (sorted neighbourhood).
    A block's pairs depend only on its own members, so memberships may be split by
    block key into parts processed one at a time (``external``) with the same result.
    """
    order = np.lexsort((items, codes, keys))
    keys, items = keys[order], items[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    sizes = np.diff(np.concatenate(([0], bounds, [len(keys)])))
    size_of = np.repeat(sizes, sizes)
    scale = np.int64(total)
    found: list[IntArray] = []
    for d in range(1, max(cap, window + 1)):
        same = keys[:-d] == keys[d:]
        same &= (size_of[:-d] <= cap) if d > window else True
        if not same.any():
            break  # no block has more than d members, so none has more than d + 1
        a, b = items[:-d][same], items[d:][same]
        found.append(np.minimum(a, b) * scale + np.maximum(a, b))
    if not found:
        return np.empty(0, dtype=np.int64)
    return np.asarray(np.concatenate(found), dtype=np.int64)


def pairs_of_source(keys: IntArray, items: IntArray, order_codes: IntArray, cap: int,
                    window: int) -> IntArray:
    """Unique pair codes ``i * N + j`` of one block source; ``order_codes`` is indexed
    by item (``N = len(order_codes)``)."""
    found = block_pair_codes(keys, items, order_codes[items], len(order_codes), cap, window)
    return np.asarray(np.unique(found), dtype=np.int64)


def block_pairs(memberships: Sequence[tuple[IntArray, IntArray]],
                vectors: npt.NDArray[np.float32], cap: int, window: int = 6) -> IntArray:
    """Unique candidate pairs ``(i, j)``, ``i < j``, from ``(block_key, member)`` arrays."""
    n = np.int64(len(vectors))
    codes = split_codes(vectors)
    found = [pairs_of_source(keys, items, codes, cap, window)
             for keys, items in memberships if len(keys)]
    merged = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    pairs = np.stack([merged // n, merged % n], axis=1).astype(np.int64)
    return np.asarray(pairs[pairs[:, 0] != pairs[:, 1]], dtype=np.int64)


def flatten_keys(keys: IntArray, offset: int) -> tuple[IntArray, IntArray]:
    """``n x m`` key matrix -> (keys + offset, member index) membership arrays."""
    n, m = keys.shape
    return keys.reshape(-1) + offset, np.repeat(np.arange(n, dtype=np.int64), m)


def token_memberships(token_ids: Sequence[Sequence[int]], offset: int
                      ) -> tuple[IntArray, IntArray]:
    members = np.fromiter((i for i, ids in enumerate(token_ids) for _ in ids), dtype=np.int64)
    keys = np.fromiter((t for ids in token_ids for t in ids), dtype=np.int64)
    return keys + offset, members
