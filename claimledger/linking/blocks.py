"""Block memberships of distinct texts, the source of candidate pairs (``ann``).

Each text joins the blocks of its MinHash bands, its SimHash tables and its rarest
shared content words. Every driver computes the memberships with these functions on
whatever batch of texts it holds (all texts in ``link``, ``SIMHASH_ROWS`` rows at a time
in ``external``, one ``EMBED_BATCH`` chunk per Spark task), and the block rule
(``ann.block_pair_codes``) turns a block's members into pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from claimledger.linking.ann import (
    block_pairs,
    flatten_keys,
    rarest_tokens,
    simhash_keys,
    token_memberships,
)
from claimledger.linking.minhash import band_keys
from claimledger.linking.observation import Thresholds
from claimledger.linking.steps import usable_text
from claimledger.linking.tokens import content_words

IntArray = npt.NDArray[np.int64]
Memberships = tuple[IntArray, IntArray]  # (block keys, member numbers)
# Key offsets keep the three kinds of block apart (a band key never meets a table key).
BAND_OFFSET, TABLE_OFFSET, TOKEN_OFFSET = 0, 1 << 62, 3 << 61


def feature_memberships(sigs: npt.NDArray[np.uint32], vectors: npt.NDArray[np.float32],
                        limits: Thresholds) -> list[Memberships]:
    """The MinHash-band and SimHash-table memberships of a batch of texts (members are
    batch rows). ``vectors`` must be batched as ``ann.simhash_keys`` chunks them
    (``SIMHASH_ROWS``-aligned) for the keys to be bit-identical across drivers."""
    return [flatten_keys(band_keys(sigs, limits.bands) >> 2, BAND_OFFSET),
            flatten_keys(simhash_keys(vectors, tables=limits.simhash_tables,
                                      bits=limits.simhash_bits), TABLE_OFFSET)]


def token_sets(texts: Iterable[str]) -> Iterator[set[str]]:
    """Each text's set of content words (what rare-token blocks and their frequencies
    count)."""
    return (set(content_words(text)) for text in texts)


def token_frequencies(texts: Iterable[str], frequency: Counter[str] | None = None
                      ) -> Counter[str]:
    """Texts per content word, added to ``frequency`` (a driver counts batch by batch)."""
    counted: Counter[str] = Counter() if frequency is None else frequency
    for tokens in token_sets(texts):
        counted.update(tokens)
    return counted


def rare_token_memberships(texts: Sequence[str], frequency: Counter[str],
                           vocabulary: dict[str, int], per_text: int) -> Memberships:
    """Each text in the blocks of its ``per_text`` rarest content words seen in >= 2
    texts (``ann.rarest_tokens``; ``frequency`` counted over all texts beforehand).
    ``vocabulary`` numbers the words; a driver keeps it between batches."""
    ids = [[vocabulary.setdefault(token, len(vocabulary))
            for token in rarest_tokens(tokens, frequency, per_text)]
           for tokens in token_sets(texts)]
    return token_memberships(ids, TOKEN_OFFSET)


def usable_pairs(pairs: IntArray, usable: npt.NDArray[np.bool_]) -> IntArray:
    """The candidate pairs whose two texts are usable (``steps.usable_text``): a text
    without words or too short to be a claim takes part in no pair."""
    return np.asarray(pairs[usable[pairs[:, 0]] & usable[pairs[:, 1]]], dtype=np.int64)


def candidate_pairs(texts: Sequence[str], sigs: npt.NDArray[np.uint32],
                    vectors: npt.NDArray[np.float32], limits: Thresholds) -> IntArray:
    """All blocked candidate pairs of texts held in memory, ``(i, j)``, ``i < j``."""
    frequency = token_frequencies(texts)
    sources = [*feature_memberships(sigs, vectors, limits),
               rare_token_memberships(texts, frequency, {}, limits.rare_tokens)]
    pairs = block_pairs(sources, vectors, limits.block_cap, limits.block_window)
    usable = np.array([usable_text(t, limits) for t in texts], dtype=bool)
    return usable_pairs(pairs, usable)
