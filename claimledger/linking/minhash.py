"""MinHash signatures over word shingles, and LSH banding for near-duplicate candidates.

Why MinHash: wire copy is reused with small edits (a dropped clause, a changed
attribution), so exact hashing misses it; the Jaccard similarity of word 3-shingles
measures it and MinHash estimates that Jaccard in constant space per claim. Banding
(``bands`` x ``rows``) turns signatures into buckets, so candidate pairs cost about
linear time instead of all pairs.

Hashing: each shingle gets a 32-bit blake2b hash ``h``; permutation ``i`` is
``(a_i * h + b_i) mod (2**61 - 1)`` truncated to 32 bits, with ``a_i, b_i < 2**32`` so the
product fits in uint64 exactly. The permutations come from a fixed seed, so signatures are
stable across runs and processes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from claimledger.linking.tokens import words

MERSENNE_PRIME = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64((1 << 32) - 1)
SEED = 20191119
BATCH_SHINGLES = 8192  # shingles per signature batch: temporaries ~num_perm * 8192 * 8 B

U64Array = npt.NDArray[np.uint64]
U32Array = npt.NDArray[np.uint32]


def shingles(text: str, size: int = 3) -> set[str]:
    """Word ``size``-shingles of the normalised text; a short text is one shingle."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _hash32(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=4).digest(),
                          "little")


def permutations(num_perm: int) -> tuple[U64Array, U64Array]:
    """The fixed ``(a, b)`` coefficients of ``num_perm`` hash permutations."""
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)
    return a, b


def signatures(texts: Sequence[str], *, num_perm: int = 128, shingle_words: int = 3
               ) -> U32Array:
    """MinHash signatures, one row per text (``len(texts) x num_perm``, uint32).

    Texts are processed in batches of at most ``BATCH_SHINGLES`` shingles (a text longer
    than that is a batch of its own), so the ``num_perm x shingles`` temporaries have a
    fixed ceiling: batching by a number of texts let one batch of long texts set the
    peak memory of a whole linking run.
    """
    a, b = permutations(num_perm)
    out = np.empty((len(texts), num_perm), dtype=np.uint32)
    batch: list[npt.NDArray[np.uint64]] = []
    first = size = 0
    for i, text in enumerate(texts):
        hashed = np.fromiter((_hash32(s) for s in shingles(text, shingle_words)),
                             dtype=np.uint64)
        if batch and size + len(hashed) > BATCH_SHINGLES:
            out[first:first + len(batch)] = _min_hashes(batch, a, b)
            batch, first, size = [], i, 0
        batch.append(hashed)
        size += len(hashed)
    if batch:
        out[first:first + len(batch)] = _min_hashes(batch, a, b)
    return out


def _min_hashes(hashed: Sequence[U64Array], a: U64Array, b: U64Array) -> U64Array:
    """Signatures (``len(hashed) x num_perm``) of texts given their shingle hashes."""
    lengths = np.array([len(h) for h in hashed])
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    flat = np.concatenate(hashed)
    # (num_perm x shingles): every permutation applied to every shingle of the batch.
    permuted = ((a[:, None] * flat[None, :] + b[:, None]) % MERSENNE_PRIME) & MAX_HASH
    return np.asarray(np.minimum.reduceat(permuted, offsets, axis=1).T, dtype=np.uint64)


def estimated_jaccard(sigs: U32Array, pairs: npt.NDArray[np.int64], *, chunk: int = 32768
                      ) -> npt.NDArray[np.float64]:
    """Share of equal signature slots of each pair (the MinHash Jaccard estimate)."""
    out = np.empty(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), chunk):
        part = pairs[start:start + chunk]
        out[start:start + chunk] = np.mean(sigs[part[:, 0]] == sigs[part[:, 1]], axis=1)
    return out


def band_keys(sigs: U32Array, bands: int) -> npt.NDArray[np.int64]:
    """One 63-bit bucket key per (text, band): ``len(texts) x bands``.

    Rows per band = num_perm // bands. The key mixes the band's slots with a
    multiply-xor hash and the band number, so buckets of different bands never meet.
    """
    n, num_perm = sigs.shape
    rows = num_perm // bands
    mixed = np.zeros((n, bands), dtype=np.uint64)
    trimmed = sigs[:, :bands * rows].reshape(n, bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            mixed = (mixed ^ trimmed[:, :, r]) * np.uint64(0x9E3779B97F4A7C15)
            mixed ^= mixed >> np.uint64(29)
        mixed ^= np.arange(bands, dtype=np.uint64)[None, :] * np.uint64(0xBF58476D1CE4E5B9)
    return (mixed >> np.uint64(1)).astype(np.int64)
